package io.loopshift.agent.instrument;

import java.io.IOException;

/**
 * The bytes an {@link EntryHook} puts in front of a method's code, the same instructions
 * {@link EntryHook#emit} writes through ASM, and the one stack map frame they need: a deciding
 * hook branches to the JDK's body, and the JVM's verifier wants a frame at that target. The
 * prologue is padded with {@code nop}s to a multiple of four bytes, so the JDK's
 * {@code tableswitch} and {@code lookupswitch} keep their alignment when the body moves behind it.
 */
final class EntryHookPrologue {
    private static final int NOP = 0x00;
    private static final int ICONST_1 = 0x04;
    private static final int ILOAD = 0x15;
    private static final int LLOAD = 0x16;
    private static final int FLOAD = 0x17;
    private static final int DLOAD = 0x18;
    private static final int ALOAD = 0x19;
    private static final int POP = 0x57;
    private static final int DUP = 0x59;
    private static final int ISUB = 0x64;
    private static final int IFEQ = 0x99;
    private static final int IRETURN = 0xac;
    private static final int ARETURN = 0xb0;
    private static final int RETURN = 0xb1;
    private static final int INVOKESTATIC = 0xb8;
    private static final int IFNULL = 0xc6;
    private static final int SAME_FRAME_EXTENDED = 251;
    private static final int SAME_LOCALS_1_STACK_ITEM = 64;
    private static final int SAME_LOCALS_1_STACK_ITEM_EXTENDED = 247;
    private static final int ITEM_INTEGER = 1;
    private static final int ITEM_OBJECT = 7;

    /** The instructions, padded. */
    final byte[] code;
    /** Operand stack slots the prologue needs. */
    final int maxStack;
    /** Offset of the JDK's body branch target, or -1 when there is no branch (a notifying hook). */
    final int branchTarget;
    /** The stack map frame at {@link #branchTarget}, as the first frame of the method; empty without a branch. */
    final byte[] frame;

    private EntryHookPrologue(byte[] code, int maxStack, int branchTarget, byte[] frame) {
        this.code = code;
        this.maxStack = maxStack;
        this.branchTarget = branchTarget;
        this.frame = frame;
    }

    /**
     * Builds the prologue; the constants it calls and names are added to {@code pool}.
     *
     * @throws UnsupportedShape for a return type no deciding hook handles
     */
    static EntryHookPrologue of(EntryHook hook, boolean isStatic, ConstantPoolAdditions pool) throws IOException {
        ClassFileBytes out = new ClassFileBytes();
        StringBuilder hookDescriptor = new StringBuilder("(");
        int slot = 0;
        if (!isStatic) {
            out.write(ALOAD);
            out.write(0);
            hookDescriptor.append("Ljava/lang/Object;");
            slot = 1;
        }
        String descriptor = hook.descriptor();
        int close = descriptor.indexOf(')');
        for (int at = 1; at < close; ) {
            int end = endOfType(descriptor, at);
            char kind = descriptor.charAt(at);
            if (slot > 0xff) {
                throw new UnsupportedShape("too many arguments");
            }
            out.write(loadOpcode(kind));
            out.write(slot);
            slot += kind == 'J' || kind == 'D' ? 2 : 1;
            hookDescriptor.append(descriptor, at, end);
            at = end;
        }
        hookDescriptor.append(')');
        String returned = descriptor.substring(close + 1);
        int classRef = pool.classRef(hook.hooks());
        if (hook.notifying()) {
            invoke(out, pool.methodRef(classRef, hook.hook(), hookDescriptor + "V"));
            return new EntryHookPrologue(padded(out), slot, -1, new byte[0]);
        }
        ClassFileBytes frame = new ClassFileBytes();
        int target;
        switch (returned.charAt(0)) {
            case 'V' -> {
                invoke(out, pool.methodRef(classRef, hook.hook(), hookDescriptor + "Z"));
                target = branch(out, IFEQ, 1);
                out.write(RETURN);
                out.write(NOP);                    // the JDK's own first frame, if any, must not share this offset
                sameFrame(frame, target);
            }
            case 'I' -> {
                invoke(out, pool.methodRef(classRef, hook.hook(), hookDescriptor + "I"));
                out.write(DUP);
                target = branch(out, IFEQ, 1);
                out.write(IRETURN);
                out.write(POP);
                oneItemFrame(frame, target, ITEM_INTEGER, -1);
            }
            case 'Z' -> {
                // The hook answers 0 to run the body, 1 for false and 2 for true.
                invoke(out, pool.methodRef(classRef, hook.hook(), hookDescriptor + "I"));
                out.write(DUP);
                target = branch(out, IFEQ, 3);
                out.write(ICONST_1);
                out.write(ISUB);
                out.write(IRETURN);
                out.write(POP);
                oneItemFrame(frame, target, ITEM_INTEGER, -1);
            }
            case 'L', '[' -> {
                invoke(out, pool.methodRef(classRef, hook.hook(), hookDescriptor + returned));
                out.write(DUP);
                target = branch(out, IFNULL, 1);
                out.write(ARETURN);
                out.write(POP);
                String type = returned.charAt(0) == 'L' ? returned.substring(1, returned.length() - 1) : returned;
                oneItemFrame(frame, target, ITEM_OBJECT, pool.classRef(type));
            }
            default -> throw new UnsupportedShape("no deciding hook for methods returning " + returned);
        }
        return new EntryHookPrologue(padded(out), Math.max(slot, 2), target, frame.toByteArray());
    }

    private static int endOfType(String descriptor, int at) {
        int end = at;
        while (descriptor.charAt(end) == '[') {
            end++;
        }
        return descriptor.charAt(end) == 'L' ? descriptor.indexOf(';', end) + 1 : end + 1;
    }

    private static int loadOpcode(char kind) {
        return switch (kind) {
            case 'Z', 'B', 'C', 'S', 'I' -> ILOAD;
            case 'J' -> LLOAD;
            case 'F' -> FLOAD;
            case 'D' -> DLOAD;
            default -> ALOAD;
        };
    }

    private static void invoke(ClassFileBytes out, int methodRef) {
        out.write(INVOKESTATIC);
        out.u2(methodRef);
    }

    /** Writes a forward branch over {@code skipped} bytes of the early return; answers the target's offset. */
    private static int branch(ClassFileBytes out, int opcode, int skipped) {
        int target = out.size() + 3 + skipped;
        out.write(opcode);
        out.u2(3 + skipped);
        return target;
    }

    private static void sameFrame(ClassFileBytes frame, int offset) {
        if (offset <= 63) {
            frame.write(offset);
        } else {
            frame.write(SAME_FRAME_EXTENDED);
            frame.u2(offset);
        }
    }

    private static void oneItemFrame(ClassFileBytes frame, int offset, int item, int classRef) {
        if (offset <= 63) {
            frame.write(SAME_LOCALS_1_STACK_ITEM + offset);
        } else {
            frame.write(SAME_LOCALS_1_STACK_ITEM_EXTENDED);
            frame.u2(offset);
        }
        frame.write(item);
        if (item == ITEM_OBJECT) {
            frame.u2(classRef);
        }
    }

    private static byte[] padded(ClassFileBytes out) {
        while (out.size() % 4 != 0) {
            out.write(NOP);
        }
        return out.toByteArray();
    }

    /** A method the patch cannot prepend to; ASM weaves it instead. */
    static final class UnsupportedShape extends IOException {
        UnsupportedShape(String message) {
            super(message);
        }
    }
}
