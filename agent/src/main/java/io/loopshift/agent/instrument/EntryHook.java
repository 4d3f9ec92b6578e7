package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * One call woven at the entry of a static JDK method: pass all arguments to a static method of
 * the hooks class, and return its answer unless it says "not handled". In Java, for an
 * {@code int} method:
 * <pre>{@code
 *   int handled = LoopshiftHooks.onConnect(family, fd, remote, port);
 *   if (handled != 0) return handled;
 *   ... the JDK's own body ...
 * }</pre>
 * A reference method skips its body when the hook returns non-null; a void method when the hook
 * returns true.
 */
record EntryHook(String method, String descriptor, String hook) {
    private static final String HOOKS = BootInjector.BOOT_NAME.replace('.', '/');

    boolean appliesTo(String name, String methodDescriptor, int access) {
        return (access & Opcodes.ACC_STATIC) != 0 && method.equals(name) && descriptor.equals(methodDescriptor);
    }

    /** Emits the call and the early return; the JDK's body follows unchanged. */
    void emit(MethodVisitor code) {
        Type methodType = Type.getMethodType(descriptor);
        int slot = 0;
        for (Type argument : methodType.getArgumentTypes()) {
            code.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
            slot += argument.getSize();
        }
        Type returnType = methodType.getReturnType();
        Type hookReturn = returnType.getSort() == Type.VOID ? Type.BOOLEAN_TYPE : returnType.getSort() >= Type.ARRAY ? Type.getType(Object.class) : returnType;
        code.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, Type.getMethodDescriptor(hookReturn, methodType.getArgumentTypes()), false);
        Label body = new Label();
        if (returnType.getSort() == Type.VOID) {
            code.visitJumpInsn(Opcodes.IFEQ, body);
            code.visitInsn(Opcodes.RETURN);
            code.visitLabel(body);
            code.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            code.visitInsn(Opcodes.NOP);
        } else if (returnType.getSort() == Type.INT) {
            code.visitInsn(Opcodes.DUP);
            code.visitJumpInsn(Opcodes.IFEQ, body);
            code.visitInsn(Opcodes.IRETURN);
            code.visitLabel(body);
            code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {Opcodes.INTEGER});
            code.visitInsn(Opcodes.POP);
        } else if (returnType.getSort() >= Type.ARRAY) {
            code.visitInsn(Opcodes.DUP);
            code.visitJumpInsn(Opcodes.IFNULL, body);
            code.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
            code.visitInsn(Opcodes.ARETURN);
            code.visitLabel(body);
            code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
            code.visitInsn(Opcodes.POP);
        } else {
            throw new IllegalArgumentException("no entry hook for methods returning " + returnType);
        }
    }
}
