package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weaves the hooks into the few {@code java.base} classes that have them; every other class
 * passes after a map lookup. A class in which a hooked method is missing (a JDK whose internals
 * differ) is left untransformed and the failure recorded: never half-applied, never thrown.
 */
final class HookWeavingTransformer implements ClassFileTransformer {
    private final Map<String, List<Hook>> hooksByClass;
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    HookWeavingTransformer(Map<String, List<Hook>> hooksByClass) {
        this.hooksByClass = hooksByClass;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader != null || className == null) {
            return null;
        }
        List<Hook> hooks = hooksByClass.get(className);
        if (hooks == null) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classFile);
            // COMPUTE_MAXS only: the hooks write their own frames, so no class is loaded to merge types.
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            HookWeaver weaver = new HookWeaver(writer, hooks);
            reader.accept(weaver, 0);
            List<Hook> missing = weaver.missing();
            if (!missing.isEmpty()) {
                failures.put(className, "methods not found: " + missing);
                return null;
            }
            transformed.add(className);
            failures.remove(className);
            return writer.toByteArray();
        } catch (Throwable error) {
            failures.put(className, error.toString());
            return null;
        }
    }

    boolean wasTransformed(String internalName) {
        return transformed.contains(internalName);
    }

    String failure(String internalName) {
        return failures.get(internalName);
    }
}
