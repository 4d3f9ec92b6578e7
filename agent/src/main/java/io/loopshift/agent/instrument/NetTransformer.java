package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Weaves the entry hooks into the class file of {@code sun.nio.ch.Net}; every other class
 * passes after one string comparison. A transformation that misses a hooked method (a JDK whose
 * Net differs) is discarded whole: never half-applied. Failures are recorded, never thrown.
 */
final class NetTransformer implements ClassFileTransformer {
    private static final String INTERNAL_NAME = NetInstrumentation.NET.replace('.', '/');

    private final List<EntryHook> hooks;
    private volatile boolean transformed;
    private volatile String failure;

    NetTransformer(List<EntryHook> hooks) {
        this.hooks = hooks;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader != null || !INTERNAL_NAME.equals(className)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classFile);
            // COMPUTE_MAXS only: frames are written by EntryHook, so no class is loaded to merge types.
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            EntryHookWeaver weaver = new EntryHookWeaver(writer, hooks);
            reader.accept(weaver, 0);
            if (!weaver.appliedAll()) {
                failure = "methods not found in " + NetInstrumentation.NET + ": " + weaver.missing();
                return null;
            }
            transformed = true;
            return writer.toByteArray();
        } catch (Throwable error) {
            failure = error.toString();
            return null;
        }
    }

    boolean transformedOnce() {
        return transformed;
    }

    String failure() {
        return failure;
    }
}
