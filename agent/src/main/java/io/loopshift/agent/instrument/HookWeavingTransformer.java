package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;

import java.io.IOException;
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
 * Call-site hooks are patched into the constant pool ({@link CallSitePatch}) and entry hooks
 * prepended to the method's code ({@link EntryHookPatch}); only call-site hooks that pass
 * {@code this} (listen rules) and a method whose code the patch cannot move need ASM
 * ({@link EntryHookWeaving}), so routes alone do not load ASM.
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
            List<Hook> forAsm = new ArrayList<>();
            List<Hook> missing = new ArrayList<>();
            for (Hook hook : hooks) {
                if (hook instanceof CallSiteHook callSite && !callSite.passThis()) {
                    woven = CallSitePatch.apply(woven, callSite, HOOKS);
                    if (woven == null) {
                        failures.put(className, "call not found: " + callSite.calledName() + " in " + callSite.method() + callSite.descriptor());
                        return null;
                    }
                } else if (hook instanceof EntryHook entry) {
                    woven = patchEntry(woven, entry, forAsm, missing);
                } else {
                    forAsm.add(hook);
                }
            }
            if (!forAsm.isEmpty()) {
                woven = EntryHookWeaving.weave(woven, forAsm, missing);
            }
            if (!missing.isEmpty()) {
                failures.put(className, "methods not found: " + missing);
                return null;
            }
            transformed.add(className);
            failures.remove(className);
            return woven;
        } catch (Throwable error) {
            failures.put(className, error.toString());
            return null;
        }
    }

    /** Prepends the entry hook without ASM; a method whose code the patch cannot move is left to ASM. */
    private static byte[] patchEntry(byte[] classFile, EntryHook entry, List<Hook> forAsm, List<Hook> missing) throws IOException {
        try {
            byte[] patched = EntryHookPatch.apply(classFile, entry);
            if (patched == null) {
                missing.add(entry);
                return classFile;
            }
            return patched;
        } catch (EntryHookPrologue.UnsupportedShape unusual) {
            forAsm.add(entry);
            return classFile;
        }
    }

    boolean wasTransformed(String internalName) {
        return transformed.contains(internalName);
    }

    String failure(String internalName) {
        return failures.get(internalName);
    }
}
