package io.loopshift.agent.boot;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Renames one class inside a class file by rewriting its constant pool: every UTF-8 constant
 * that is the old internal name, or holds it in a descriptor ({@code Lold/Name;}), gets the new
 * one. Enough for a class whose name appears nowhere else (no nest members, no lambdas), and
 * much cheaper inside premain than ASM's remapper: no class file parsing beyond the pool.
 */
final class ClassNameRewriter {
    private static final int UTF8 = 1;

    private ClassNameRewriter() {
    }

    static byte[] rename(byte[] classFile, String oldInternalName, String newInternalName) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(in.readInt());        // magic
        out.writeShort(in.readUnsignedShort()); // minor
        out.writeShort(in.readUnsignedShort()); // major
        int count = in.readUnsignedShort();
        out.writeShort(count);
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            out.writeByte(tag);
            switch (tag) {
                case UTF8:
                    byte[] text = new byte[in.readUnsignedShort()];
                    in.readFully(text);
                    byte[] renamed = renameIn(text, oldInternalName, newInternalName);
                    out.writeShort(renamed.length);
                    out.write(renamed);
                    break;
                case 3: case 4:           // Integer, Float
                case 9: case 10: case 11: // Fieldref, Methodref, InterfaceMethodref
                case 12: case 17: case 18: // NameAndType, Dynamic, InvokeDynamic
                    copy(in, out, 4);
                    break;
                case 5: case 6:           // Long, Double take two slots
                    copy(in, out, 8);
                    index++;
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    copy(in, out, 2);
                    break;
                case 15:                  // MethodHandle
                    copy(in, out, 3);
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag + " at entry " + index);
            }
        }
        in.transferTo(out);
        return bytes.toByteArray();
    }

    private static byte[] renameIn(byte[] text, String oldName, String newName) {
        String value = new String(text, StandardCharsets.ISO_8859_1);
        if (!value.contains(oldName)) {
            return text;
        }
        // Only the exact name and descriptors holding it: "Lold;" in any signature.
        String renamed = value.equals(oldName) ? newName : value.replace("L" + oldName + ";", "L" + newName + ";");
        return renamed.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void copy(DataInputStream in, DataOutputStream out, int length) throws IOException {
        byte[] chunk = new byte[length];
        in.readFully(chunk);
        out.write(chunk);
    }
}
