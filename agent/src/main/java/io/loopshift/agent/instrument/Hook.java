package io.loopshift.agent.instrument;

/** Something woven into a JDK class: at a method's entry, or at a call site inside it. */
sealed interface Hook permits EntryHook, CallSiteHook, OptionHook {
    /** Internal name of the JDK class it is woven into. */
    String owner();

    boolean appliesTo(String name, String methodDescriptor);
}
