package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weaves the hooks into the few {@code java.base} classes that have them; every other class
 * passes after a map lookup. A class in which a hooked method is missing (a JDK whose internals
 * differ) is left untransformed and the failure recorded: never half-applied, never thrown.
 * Call-site hooks are patched into the constant pool ({@link CallSitePatch}); only entry hooks
 * and call-site hooks that pass {@code this} need ASM ({@link EntryHookWeaving}), so ASM is not
 * even loaded while no unix: route or listen rule exists.
 */
final class HookWeavingTransformer implements ClassFileTransformer {
    private static final String HOOKS = BootInjector.BOOT_NAME.replace('.', '/');

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
            byte[] woven = classFile;
            List<Hook> entryHooks = new ArrayList<>();
            for (Hook hook : hooks) {
                if (hook instanceof CallSiteHook callSite && !callSite.passThis()) {
                    woven = CallSitePatch.apply(woven, callSite, HOOKS);
                    if (woven == null) {
                        failures.put(className, "call not found: " + callSite.calledName() + " in " + callSite.method() + callSite.descriptor());
                        return null;
                    }
                } else {
                    entryHooks.add(hook);
                }
            }
            if (!entryHooks.isEmpty()) {
                List<Hook> missing = new ArrayList<>();
                woven = EntryHookWeaving.weave(woven, entryHooks, missing);
                if (!missing.isEmpty()) {
                    failures.put(className, "methods not found: " + missing);
                    return null;
                }
            }
            transformed.add(className);
            failures.remove(className);
            return woven;
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
