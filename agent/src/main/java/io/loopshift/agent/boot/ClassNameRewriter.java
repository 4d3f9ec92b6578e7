package io.loopshift.agent.boot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Renames one class inside a class file by rewriting its constant pool: every UTF-8 constant
 * that is the old internal name, or holds it in a descriptor ({@code Lold/Name;}), gets the new
 * one. Enough for a class whose name appears nowhere else (no nest members, no lambdas), and
 * much cheaper inside premain than ASM's remapper: no class file parsing beyond the pool.
 * It walks the bytes and copies the runs between renamed constants as they are, because premain
 * runs it interpreted: decoding every constant through a {@code DataInputStream} took longer than
 * defining the class.
 */
final class ClassNameRewriter {
    private static final int UTF8 = 1;
    private static final int FIRST_CONSTANT = 10;
    /** A UTF-8 constant's length is an unsigned 16-bit number. */
    private static final int MAX_CONSTANT_LENGTH = 0xFFFF;

    private ClassNameRewriter() {
    }

    static byte[] rename(byte[] classFile, String oldInternalName, String newInternalName) throws IOException {
        byte[] oldName = oldInternalName.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length + 64);
        if (classFile.length < FIRST_CONSTANT) {
            throw new IOException("not a class file: " + classFile.length + " bytes");
        }
        int count = unsignedShort(classFile, FIRST_CONSTANT - 2);
        int position = FIRST_CONSTANT;
        int copiedUpTo = 0;
        for (int index = 1; index < count; index++) {
            if (position + 3 > classFile.length) {
                throw new IOException("the constant pool runs past the end of the class file at entry " + index);
            }
            int tag = classFile[position] & 0xFF;
            switch (tag) {
                case UTF8:
                    int start = position + 3;
                    int length = unsignedShort(classFile, position + 1);
                    if (start + length > classFile.length) {
                        throw new IOException("a constant runs past the end of the class file at entry " + index);
                    }
                    if (contains(classFile, start, length, oldName)) {
                        out.write(classFile, copiedUpTo, position + 1 - copiedUpTo);
                        byte[] renamed = renameIn(new String(classFile, start, length, StandardCharsets.ISO_8859_1),
                                oldInternalName, newInternalName);
                        if (renamed.length > MAX_CONSTANT_LENGTH) {
                            throw new IOException("renaming makes constant " + index + " " + renamed.length
                                    + " bytes long, more than a class file's constant can hold");
                        }
                        out.write(renamed.length >>> 8);
                        out.write(renamed.length);
                        out.write(renamed, 0, renamed.length);
                        copiedUpTo = start + length;
                    }
                    position = start + length;
                    break;
                case 3: case 4:           // Integer, Float
                case 9: case 10: case 11: // Fieldref, Methodref, InterfaceMethodref
                case 12: case 17: case 18: // NameAndType, Dynamic, InvokeDynamic
                    position += 5;
                    break;
                case 5: case 6:           // Long, Double take two slots
                    position += 9;
                    index++;
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    position += 3;
                    break;
                case 15:                  // MethodHandle
                    position += 4;
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag + " at entry " + index);
            }
            if (position > classFile.length) {
                throw new IOException("the constant pool runs past the end of the class file at entry " + index);
            }
        }
        out.write(classFile, copiedUpTo, classFile.length - copiedUpTo);
        return out.toByteArray();
    }

    private static byte[] renameIn(String value, String oldName, String newName) {
        // Only the exact name and descriptors holding it: "Lold;" in any signature.
        String renamed = value.equals(oldName) ? newName : value.replace("L" + oldName + ";", "L" + newName + ";");
        return renamed.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean contains(byte[] bytes, int start, int length, byte[] wanted) {
        int last = start + length - wanted.length;
        for (int at = start; at <= last; at++) {
            if (bytes[at] == wanted[0] && startsWith(bytes, at, wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] wanted) {
        for (int offset = 1; offset < wanted.length; offset++) {
            if (bytes[at + offset] != wanted[offset]) {
                return false;
            }
        }
        return true;
    }

    private static int unsignedShort(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}
