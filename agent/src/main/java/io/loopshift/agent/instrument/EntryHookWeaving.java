package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import java.util.List;

/**
 * The only place that runs ASM: weaves the hooks the class-file patches do not apply (Netty's
 * entry and option hooks, call-site hooks that pass {@code this}, a JDK method whose code
 * {@link EntryHookPatch} cannot move). Kept apart so that ASM loads only when such a class is
 * woven, not with the transformers that might call it.
 */
final class EntryHookWeaving {
    private EntryHookWeaving() {
    }

    /** The woven class file; the hooks whose method was not found are added to {@code missing}. */
    static byte[] weave(byte[] classFile, List<Hook> entryHooks, List<Hook> missing) {
        ClassReader reader = new ClassReader(classFile);
        // COMPUTE_MAXS only: the hooks write their own frames, so no class is loaded to merge types.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        HookWeaver weaver = new HookWeaver(writer, entryHooks);
        reader.accept(weaver, 0);
        missing.addAll(weaver.missing());
        return writer.toByteArray();
    }
}
