package io.loopshift.agent.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies a {@link CallSiteHook} by patching the class file directly: five constants are added
 * to the end of the constant pool (the hooks class, the hook's name, and a method reference with
 * the called method's own descriptor), and the two operand bytes of each matching
 * {@code invokestatic} in the hooked method are pointed at the new reference. Nothing else moves:
 * no instruction changes length, the stack and locals stay the same, so no frame needs
 * recomputing, and no class-file library is loaded for routes that need only this hook.
 */
final class CallSitePatch {
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int METHODREF = 10;
    private static final int NAME_AND_TYPE = 12;
    private static final int INVOKESTATIC = 0xb8;
    private static final int TABLESWITCH = 0xaa;
    private static final int LOOKUPSWITCH = 0xab;
    private static final int WIDE = 0xc4;
    private static final int IINC = 0x84;
    /** Length of every fixed-length instruction by opcode (0: variable or undefined). */
    private static final byte[] LENGTH = lengths();

    private final byte[] file;
    private final ByteBuffer in;
    private int[] offsets;
    private byte[] tags;
    private int poolEnd;

    private CallSitePatch(byte[] file) {
        this.file = file;
        this.in = ByteBuffer.wrap(file);
    }

    /** The patched class file, or null when the hooked method or the call in it is not there. */
    static byte[] apply(byte[] classFile, CallSiteHook hook, String hooksInternalName) throws IOException {
        return new CallSitePatch(classFile).patch(hook, hooksInternalName);
    }

    private byte[] patch(CallSiteHook hook, String hooksInternalName) throws IOException {
        readPool();
        List<Integer> called = new ArrayList<>();
        int descriptorIndex = -1;
        for (int i = 1; i < offsets.length; i++) {
            if (tags[i] != METHODREF) {
                continue;
            }
            int classIndex = u2(offsets[i] + 1);
            int nameAndType = u2(offsets[i] + 3);
            if (utf8Is(u2(offsets[classIndex] + 1), hook.calledOwner()) && utf8Is(u2(offsets[nameAndType] + 1), hook.calledName())
                    && utf8Is(u2(offsets[nameAndType] + 3), hook.calledDescriptor())) {
                called.add(i);
                descriptorIndex = u2(offsets[nameAndType] + 3);
            }
        }
        if (called.isEmpty()) {
            return null;
        }
        List<Integer> operands = callOperands(hook, called);
        if (operands.isEmpty()) {
            return null;
        }
        int count = offsets.length;
        if (count + 5 > 0xffff) {
            throw new IOException("constant pool full");
        }
        ByteArrayOutputStream added = new ByteArrayOutputStream();
        DataOutputStream pool = new DataOutputStream(added);
        pool.writeByte(UTF8);
        pool.writeUTF(hooksInternalName);          // count
        pool.writeByte(CLASS);
        pool.writeShort(count);                    // count + 1
        pool.writeByte(UTF8);
        pool.writeUTF(hook.hook());                // count + 2
        pool.writeByte(NAME_AND_TYPE);
        pool.writeShort(count + 2);
        pool.writeShort(descriptorIndex);          // count + 3
        pool.writeByte(METHODREF);
        pool.writeShort(count + 1);
        pool.writeShort(count + 3);                // count + 4
        byte[] rest = Arrays.copyOfRange(file, poolEnd, file.length);
        for (int operand : operands) {
            rest[operand - poolEnd] = (byte) ((count + 4) >> 8);
            rest[operand - poolEnd + 1] = (byte) (count + 4);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + added.size());
        out.write(file, 0, 8);
        out.write((count + 5) >> 8);
        out.write(count + 5);
        out.write(file, 10, poolEnd - 10);
        added.writeTo(out);
        out.write(rest);
        return out.toByteArray();
    }

    private void readPool() throws IOException {
        int count = u2(8);
        offsets = new int[count];
        tags = new byte[count];
        int at = 10;
        for (int i = 1; i < count; i++) {
            int tag = file[at] & 0xff;
            offsets[i] = at;
            tags[i] = (byte) tag;
            switch (tag) {
                case UTF8 -> at += 3 + u2(at + 1);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
                case 5, 6 -> {
                    at += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> at += 3;
                case 15 -> at += 4;
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        poolEnd = at;
    }

    /** File offsets of the operands of the hooked method's invokestatic calls to {@code called}. */
    private List<Integer> callOperands(CallSiteHook hook, List<Integer> called) throws IOException {
        List<Integer> operands = new ArrayList<>();
        int at = poolEnd + 6;
        at += 2 + 2 * u2(at);                      // interfaces
        at = skipMembers(at);                      // fields
        int methods = u2(at);
        at += 2;
        for (int m = 0; m < methods; m++) {
            boolean hooked = utf8Is(u2(at + 2), hook.method()) && utf8Is(u2(at + 4), hook.descriptor());
            int attributes = u2(at + 6);
            at += 8;
            for (int a = 0; a < attributes; a++) {
                int length = in.getInt(at + 2);
                if (hooked && utf8Is(u2(at), "Code")) {
                    int codeLength = in.getInt(at + 10);
                    scan(at + 14, codeLength, called, operands);
                }
                at += 6 + length;
            }
        }
        return operands;
    }

    private int skipMembers(int at) {
        int members = u2(at);
        at += 2;
        for (int m = 0; m < members; m++) {
            int attributes = u2(at + 6);
            at += 8;
            for (int a = 0; a < attributes; a++) {
                at += 6 + in.getInt(at + 2);
            }
        }
        return at;
    }

    private void scan(int code, int codeLength, List<Integer> called, List<Integer> operands) throws IOException {
        int pc = 0;
        while (pc < codeLength) {
            int opcode = file[code + pc] & 0xff;
            if (opcode == INVOKESTATIC && called.contains(u2(code + pc + 1))) {
                operands.add(code + pc + 1);
            }
            pc += instructionLength(code, pc, opcode);
        }
        if (pc != codeLength) {
            throw new IOException("instruction stream overran the code");
        }
    }

    private int instructionLength(int code, int pc, int opcode) throws IOException {
        int padded = pc + 1 + ((4 - (pc + 1) % 4) % 4);
        switch (opcode) {
            case TABLESWITCH: {
                int low = in.getInt(code + padded + 4);
                int high = in.getInt(code + padded + 8);
                return padded + 12 + 4 * (high - low + 1) - pc;
            }
            case LOOKUPSWITCH:
                return padded + 8 + 8 * in.getInt(code + padded + 4) - pc;
            case WIDE:
                return (file[code + pc + 1] & 0xff) == IINC ? 6 : 4;
            default:
                int length = LENGTH[opcode];
                if (length == 0) {
                    throw new IOException("unknown opcode " + opcode);
                }
                return length;
        }
    }

    private boolean utf8Is(int index, String expected) {
        if (index <= 0 || index >= offsets.length || tags[index] != UTF8) {
            return false;
        }
        int at = offsets[index];
        int length = u2(at + 1);
        // Names and descriptors here are ASCII, which modified UTF-8 stores as is.
        return length == expected.length() && new String(file, at + 3, length, StandardCharsets.ISO_8859_1).equals(expected);
    }

    private int u2(int at) {
        return ((file[at] & 0xff) << 8) | (file[at + 1] & 0xff);
    }

    private static byte[] lengths() {
        byte[] lengths = new byte[256];
        Arrays.fill(lengths, 0, 0xca, (byte) 1);
        for (int op : new int[] {0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc}) {
            lengths[op] = 2;
        }
        for (int op : new int[] {0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7}) {
            lengths[op] = 3;
        }
        for (int op = 0x99; op <= 0xa8; op++) {
            lengths[op] = 3;
        }
        lengths[0xc5] = 4;
        for (int op : new int[] {0xb9, 0xba, 0xc8, 0xc9}) {
            lengths[op] = 5;
        }
        lengths[TABLESWITCH] = 0;
        lengths[LOOKUPSWITCH] = 0;
        lengths[WIDE] = 0;
        return lengths;
    }
}
