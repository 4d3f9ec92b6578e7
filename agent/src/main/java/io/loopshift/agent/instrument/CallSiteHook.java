package io.loopshift.agent.instrument;

/**
 * One static call inside a JDK method redirected to a hooks method with the same descriptor.
 * Used where loopshift replaces the JDK's work rather than observing it: the hook sits exactly
 * where the native call was, so code that other agents weave at the method's entry and exit keeps
 * running around it, whichever agent transformed the class first. Applied by patching the
 * constant pool ({@link CallSitePatch}). In Java:
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
    @Override
    public boolean appliesTo(String name, String methodDescriptor) {
        return method.equals(name) && descriptor.equals(methodDescriptor);
    }
}
