package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * One static call inside a JDK method redirected to a hooks method with the same descriptor.
 * Used where loopshift replaces the JDK's work rather than observing it: the hook sits exactly
 * where the native call was, so code that other agents weave at the method's entry and exit keeps
 * running around it, whichever agent transformed the class first. In Java:
 * <pre>{@code
 *   return connect0(preferIPv6, fd, remote, remotePort);                   // the JDK's
 *   return LoopshiftHooks.onConnect0(preferIPv6, fd, remote, remotePort);  // woven
 * }</pre>
 *
 * @param owner          internal name of the JDK class whose method holds the call
 * @param method         that method's name
 * @param descriptor     that method's descriptor
 * @param calledOwner    internal name of the class of the static method called there
 * @param calledName     the static method called there
 * @param calledDescriptor its descriptor, which the hook shares
 * @param hook           the name of the static method in the hooks class
 * @param passThis       true to pass the calling object too, as a last {@code Object} argument
 *                       (in an instance method): the hook's descriptor then has it appended
 */
record CallSiteHook(String owner, String method, String descriptor, String calledOwner, String calledName, String calledDescriptor,
                    String hook, boolean passThis) implements Hook {
    private static final String HOOKS = BootInjector.BOOT_NAME.replace('.', '/');

    /** A call to a static method of the same class. */
    CallSiteHook(String owner, String method, String descriptor, String calledName, String calledDescriptor, String hook) {
        this(owner, method, descriptor, owner, calledName, calledDescriptor, hook, false);
    }

    /** A call to a static method of another class. */
    static CallSiteHook calling(String owner, String method, String descriptor, String calledOwner, String calledName, String calledDescriptor, String hook) {
        return new CallSiteHook(owner, method, descriptor, calledOwner, calledName, calledDescriptor, hook, false);
    }

    /** A hook that also receives the object whose method makes the call: {@code hook(args..., this)}. */
    static CallSiteHook passingThis(String owner, String method, String descriptor, String calledOwner, String calledName, String calledDescriptor, String hook) {
        return new CallSiteHook(owner, method, descriptor, calledOwner, calledName, calledDescriptor, hook, true);
    }

    private String hookDescriptor() {
        if (!passThis) {
            return calledDescriptor;
        }
        int close = calledDescriptor.indexOf(')');
        return calledDescriptor.substring(0, close) + "Ljava/lang/Object;" + calledDescriptor.substring(close);
    }

    @Override
    public boolean appliesTo(String name, String methodDescriptor) {
        return method.equals(name) && descriptor.equals(methodDescriptor);
    }

    /** Wraps the method's visitor; {@code onReplaced} runs for each call redirected. */
    MethodVisitor redirect(MethodVisitor code, Runnable onReplaced) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitMethodInsn(int opcode, String insnOwner, String name, String calledMethodDescriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && calledOwner.equals(insnOwner) && calledName.equals(name) && calledDescriptor.equals(calledMethodDescriptor)) {
                    onReplaced.run();
                    if (passThis) {
                        // The call's arguments are on the stack already: `this` goes on top, as the hook's last parameter.
                        super.visitVarInsn(Opcodes.ALOAD, 0);
                    }
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, hookDescriptor(), false);
                } else {
                    super.visitMethodInsn(opcode, insnOwner, name, calledMethodDescriptor, isInterface);
                }
            }
        };
    }
}
