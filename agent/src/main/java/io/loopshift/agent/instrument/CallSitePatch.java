package io.loopshift.agent.instrument;

import java.io.IOException;
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
    private static final int INVOKESTATIC = 0xb8;
    private static final int TABLESWITCH = 0xaa;
    private static final int LOOKUPSWITCH = 0xab;
    private static final int WIDE = 0xc4;
    private static final int IINC = 0x84;
    /** Length of every fixed-length instruction by opcode (0: variable or undefined). */
    private static final byte[] LENGTH = lengths();

    private final ClassFileView view;
    private final byte[] file;

    private CallSitePatch(byte[] file) throws IOException {
        this.view = new ClassFileView(file);
        this.file = file;
    }

    /** The patched class file, or null when the hooked method or the call in it is not there. */
    static byte[] apply(byte[] classFile, CallSiteHook hook, String hooksInternalName) throws IOException {
        return new CallSitePatch(classFile).patch(hook, hooksInternalName);
    }

    private byte[] patch(CallSiteHook hook, String hooksInternalName) throws IOException {
        List<Integer> called = new ArrayList<>();
        int descriptorIndex = -1;
        for (int i = 1; i < view.poolCount(); i++) {
            if (view.tag(i) != ClassFileView.METHODREF) {
                continue;
            }
            int classIndex = view.u2(view.entry(i));
            int nameAndType = view.u2(view.entry(i) + 2);
            if (view.utf8Is(view.u2(view.entry(classIndex)), hook.calledOwner()) && view.utf8Is(view.u2(view.entry(nameAndType)), hook.calledName())
                    && view.utf8Is(view.u2(view.entry(nameAndType) + 2), hook.calledDescriptor())) {
                called.add(i);
                descriptorIndex = view.u2(view.entry(nameAndType) + 2);
            }
        }
        if (called.isEmpty()) {
            return null;
        }
        List<Integer> operands = callOperands(hook, called);
        if (operands.isEmpty()) {
            return null;
        }
        ConstantPoolAdditions pool = new ConstantPoolAdditions(view);
        int hookRef = pool.methodRef(pool.classRef(hooksInternalName), hook.hook(), descriptorIndex);
        byte[] rest = Arrays.copyOfRange(file, view.poolEnd, file.length);
        for (int operand : operands) {
            rest[operand - view.poolEnd] = (byte) (hookRef >> 8);
            rest[operand - view.poolEnd + 1] = (byte) hookRef;
        }
        return pool.classFileWith(rest);
    }

    private List<Integer> callOperands(CallSiteHook hook, List<Integer> called) throws IOException {
        List<Integer> operands = new ArrayList<>();
        int method = view.method(hook.method(), hook.descriptor());
        int code = method < 0 ? -1 : view.codeAttribute(method);
        if (code >= 0) {
            scan(code + 14, view.u4(code + 10), called, operands);
        }
        return operands;
    }

    private void scan(int code, int codeLength, List<Integer> called, List<Integer> operands) throws IOException {
        int pc = 0;
        while (pc < codeLength) {
            int opcode = file[code + pc] & 0xff;
            if (opcode == INVOKESTATIC && called.contains(view.u2(code + pc + 1))) {
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
                int low = view.u4(code + padded + 4);
                int high = view.u4(code + padded + 8);
                return padded + 12 + 4 * (high - low + 1) - pc;
            }
            case LOOKUPSWITCH:
                return padded + 8 + 8 * view.u4(code + padded + 4) - pc;
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
