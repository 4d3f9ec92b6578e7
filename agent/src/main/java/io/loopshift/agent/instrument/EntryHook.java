package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * One call woven at the entry of a JDK method: pass the arguments (and {@code this}, as an
 * Object, for instance methods) to a static method of the hooks class. A notifying hook returns
 * nothing and the JDK's body runs on. A deciding hook may answer for the method; in Java, for an
 * {@code int} method:
 * <pre>{@code
 *   int handled = LoopshiftHooks.onConnect(family, fd, remote, port);
 *   if (handled != 0) return handled;
 *   ... the JDK's own body ...
 * }</pre>
 * A reference method returns the hook's answer when it is non-null; a void method returns when
 * the hook answers true; a boolean method takes an int answer: 0 runs the body, 1 returns false,
 * 2 returns true. In the JDK's classes these instructions are put in place by
 * {@link EntryHookPatch}; {@link #emit} writes the same ones through ASM, for Netty's classes and
 * for a method the patch cannot move.
 *
 * @param owner      internal name of the JDK class, e.g. {@code sun/nio/ch/Net}
 * @param method     the method's name
 * @param descriptor the method's descriptor, which must match exactly
 * @param hook       the name of the static method in the hooks class
 * @param notifying  true for a hook that only observes
 * @param hooks      internal name of the hooks class
 */
record EntryHook(String owner, String method, String descriptor, String hook, boolean notifying, String hooks) implements Hook {
    private static final String JDK_HOOKS = BootInjector.BOOT_NAME.replace('.', '/');

    static EntryHook deciding(String owner, String method, String descriptor, String hook) {
        return new EntryHook(owner, method, descriptor, hook, false, JDK_HOOKS);
    }

    static EntryHook notifying(String owner, String method, String descriptor, String hook) {
        return new EntryHook(owner, method, descriptor, hook, true, JDK_HOOKS);
    }

    /** A notifying hook whose static method lives in another hooks class than the JDK's. */
    static EntryHook notifyingIn(String hooks, String owner, String method, String descriptor, String hook) {
        return new EntryHook(owner, method, descriptor, hook, true, hooks);
    }

    /** A deciding hook whose static method lives in another hooks class than the JDK's. */
    static EntryHook decidingIn(String hooks, String owner, String method, String descriptor, String hook) {
        return new EntryHook(owner, method, descriptor, hook, false, hooks);
    }

    @Override
    public boolean appliesTo(String name, String methodDescriptor) {
        return method.equals(name) && descriptor.equals(methodDescriptor);
    }

    /** Emits the call and, for a deciding hook, the early return; the JDK's body follows unchanged. */
    void emit(MethodVisitor code, boolean isStatic) {
        Type methodType = Type.getMethodType(descriptor);
        List<Type> hookArguments = new ArrayList<>();
        int slot = 0;
        if (!isStatic) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            hookArguments.add(Type.getType(Object.class));
            slot = 1;
        }
        for (Type argument : methodType.getArgumentTypes()) {
            code.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
            hookArguments.add(argument);
            slot += argument.getSize();
        }
        Type returnType = methodType.getReturnType();
        Type[] hookParameters = hookArguments.toArray(new Type[0]);
        if (notifying) {
            code.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, hook, Type.getMethodDescriptor(Type.VOID_TYPE, hookParameters), false);
            return;
        }
        Label body = new Label();
        switch (returnType.getSort()) {
            case Type.VOID:
                code.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, hook, Type.getMethodDescriptor(Type.BOOLEAN_TYPE, hookParameters), false);
                code.visitJumpInsn(Opcodes.IFEQ, body);
                code.visitInsn(Opcodes.RETURN);
                code.visitLabel(body);
                code.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
                code.visitInsn(Opcodes.NOP);  // the JDK's first frame, if any, must not share this offset
                break;
            case Type.INT:
                code.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, hook, Type.getMethodDescriptor(Type.INT_TYPE, hookParameters), false);
                code.visitInsn(Opcodes.DUP);
                code.visitJumpInsn(Opcodes.IFEQ, body);
                code.visitInsn(Opcodes.IRETURN);
                code.visitLabel(body);
                code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {Opcodes.INTEGER});
                code.visitInsn(Opcodes.POP);
                break;
            case Type.BOOLEAN:
                code.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, hook, Type.getMethodDescriptor(Type.INT_TYPE, hookParameters), false);
                code.visitInsn(Opcodes.DUP);
                code.visitJumpInsn(Opcodes.IFEQ, body);
                code.visitInsn(Opcodes.ICONST_1);
                code.visitInsn(Opcodes.ISUB);
                code.visitInsn(Opcodes.IRETURN);
                code.visitLabel(body);
                code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {Opcodes.INTEGER});
                code.visitInsn(Opcodes.POP);
                break;
            case Type.OBJECT:
                code.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, hook, Type.getMethodDescriptor(returnType, hookParameters), false);
                code.visitInsn(Opcodes.DUP);
                code.visitJumpInsn(Opcodes.IFNULL, body);
                code.visitInsn(Opcodes.ARETURN);
                code.visitLabel(body);
                code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {returnType.getInternalName()});
                code.visitInsn(Opcodes.POP);
                break;
            default:
                throw new IllegalArgumentException("no deciding hook for methods returning " + returnType);
        }
    }
}
