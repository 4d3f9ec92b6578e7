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
 * @param calledName     the static method called there (in the same class)
 * @param calledDescriptor its descriptor, which the hook shares
 * @param hook           the name of the static method in the hooks class
 */
record CallSiteHook(String owner, String method, String descriptor, String calledName, String calledDescriptor, String hook) implements Hook {
    private static final String HOOKS = BootInjector.BOOT_NAME.replace('.', '/');

    @Override
    public boolean appliesTo(String name, String methodDescriptor) {
        return method.equals(name) && descriptor.equals(methodDescriptor);
    }

    /** Wraps the method's visitor; {@code onReplaced} runs for each call redirected. */
    MethodVisitor redirect(MethodVisitor code, Runnable onReplaced) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitMethodInsn(int opcode, String calledOwner, String name, String calledMethodDescriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && owner.equals(calledOwner) && calledName.equals(name) && calledDescriptor.equals(calledMethodDescriptor)) {
                    onReplaced.run();
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, calledDescriptor, false);
                } else {
                    super.visitMethodInsn(opcode, calledOwner, name, calledMethodDescriptor, isInterface);
                }
            }
        };
    }
}
