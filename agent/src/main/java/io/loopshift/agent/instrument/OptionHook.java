package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * A socket option setter or getter of Netty's socket classes ({@code setTcpNoDelay(boolean)},
 * {@code getTcpKeepIdle()}), answered by the hooks class for a socket moved to a Unix socket,
 * where the native call would fail with "Operation not supported". The option travels as its
 * name, the value as an int (a boolean is 0 or 1), nothing is allocated. In Java:
 * <pre>{@code
 *   public void setTcpKeepIdle(int seconds) {
 *       if (NettyHooks.onSetOption(this, "TCP_KEEPIDLE", seconds)) return;           // woven
 *       ... Netty's body ...
 *   }
 *   public int getTcpKeepIdle() {
 *       long answer = NettyHooks.onGetOption(this, "TCP_KEEPIDLE");                  // woven
 *       if (answer != NettyHooks.NOT_ANSWERED) return (int) answer;                   // woven
 *       ... Netty's body ...
 *   }
 * }</pre>
 *
 * @param owner      internal name of the class
 * @param method     the setter or getter
 * @param descriptor {@code (I)V}, {@code (Z)V}, {@code ()I} or {@code ()Z}
 * @param option     the option's name, as the agent knows it
 * @param hooks      internal name of the hooks class
 */
record OptionHook(String owner, String method, String descriptor, String option, String hooks) implements Hook {
    /** What a getter hook answers for a socket it does not know; the same constant as in the hooks class. */
    static final long NOT_ANSWERED = Long.MIN_VALUE;

    @Override
    public boolean appliesTo(String name, String methodDescriptor) {
        return method.equals(name) && descriptor.equals(methodDescriptor);
    }

    void emit(MethodVisitor code) {
        Type type = Type.getMethodType(descriptor);
        Label body = new Label();
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitLdcInsn(option);
        if (type.getReturnType().getSort() == Type.VOID) {
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, "onSetOption", "(Ljava/lang/Object;Ljava/lang/String;I)Z", false);
            code.visitJumpInsn(Opcodes.IFEQ, body);
            code.visitInsn(Opcodes.RETURN);
            code.visitLabel(body);
            code.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            code.visitInsn(Opcodes.NOP);  // Netty's first frame, if any, must not share this offset
            return;
        }
        code.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, "onGetOption", "(Ljava/lang/Object;Ljava/lang/String;)J", false);
        code.visitInsn(Opcodes.DUP2);
        code.visitLdcInsn(NOT_ANSWERED);
        code.visitInsn(Opcodes.LCMP);
        code.visitJumpInsn(Opcodes.IFEQ, body);
        code.visitInsn(Opcodes.L2I);
        code.visitInsn(Opcodes.IRETURN);
        code.visitLabel(body);
        code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {Opcodes.LONG});
        code.visitInsn(Opcodes.POP2);
    }
}
