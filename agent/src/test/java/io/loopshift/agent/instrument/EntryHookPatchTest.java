package io.loopshift.agent.instrument;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The entry hooks patched without ASM into the running JDK's own classes: every hook applies
 * (none is left to ASM), and the JVM's verifier accepts the result, stack map frames included.
 * The verifier runs when a class is linked, before any static initialiser; so a copy of the
 * patched class is defined in a loader of its own and initialised, and the test asks that it
 * either initialises or fails inside a static initialiser (which a copy outside java.base may:
 * its natives are bound to the JDK's own classes), never with a VerifyError.
 */
class EntryHookPatchTest {

    @Test
    void everyEntryHookOfTheJdkClassesIsPatchedAndTheJvmVerifiesTheResult() throws Exception {
        Map<String, List<EntryHook>> byClass = new LinkedHashMap<>();
        List<Hook> all = new ArrayList<>(NetInstrumentation.Unix.HOOKS);
        all.addAll(NetInstrumentation.listenHooks());
        for (Hook hook : all) {
            if (hook instanceof EntryHook entry) {
                byClass.computeIfAbsent(entry.owner(), owner -> new ArrayList<>()).add(entry);
            }
        }
        assertTrue(byClass.size() >= 4, byClass.keySet().toString());
        for (Map.Entry<String, List<EntryHook>> ofClass : byClass.entrySet()) {
            byte[] patched = jdkClassFile(ofClass.getKey());
            for (EntryHook hook : ofClass.getValue()) {
                patched = EntryHookPatch.apply(patched, hook);
                assertNotNull(patched, hook + " found no method on Java " + Runtime.version());
            }
            assertLinks(ofClass.getKey(), patched);
        }
    }

    /** The check above can fail: a frame moved by one byte too few is refused by the verifier. */
    @Test
    void aFrameAtTheWrongOffsetIsRefusedByTheVerifier() throws Exception {
        String net = "sun/nio/ch/Net";
        EntryHook localAddress = (EntryHook) NetInstrumentation.Unix.HOOKS.get(1);
        byte[] patched = EntryHookPatch.apply(jdkClassFile(net), localAddress);
        // The prologue's own frame is the first of the method's table: same_locals_1_stack_item at the branch target.
        byte[] broken = patched.clone();
        int frame = firstFrameOf(broken, "localAddress");
        broken[frame] = (byte) (broken[frame] - 1);
        Throwable refused = initialise(net, broken);
        assertTrue(refused instanceof VerifyError, String.valueOf(refused));
    }

    @Test
    void aMissingMethodAnswersNullAndAMethodWithoutCodeIsLeftToAsm() throws Exception {
        byte[] net = jdkClassFile("sun/nio/ch/Net");
        assertNull(EntryHookPatch.apply(net, EntryHook.deciding("sun/nio/ch/Net", "localAddress", "(I)Ljava/net/InetSocketAddress;", "onLocalAddress")));
        assertThrows(EntryHookPrologue.UnsupportedShape.class,
                () -> EntryHookPatch.apply(net, EntryHook.notifying("sun/nio/ch/Net", "isIPv6Available0", "()Z", "onNothing")));
    }

    private static void assertLinks(String internalName, byte[] patched) {
        Throwable thrown = initialise(internalName, patched);
        if (thrown == null) {
            return;
        }
        if (thrown instanceof VerifyError || thrown instanceof ClassFormatError) {
            fail(internalName + " on Java " + Runtime.version() + ": " + thrown);
        }
        // Initialisation (its own or its superclass's) starts only after the class was linked, so verified.
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getMethodName().equals("<clinit>")) {
                    return;
                }
            }
        }
        fail(internalName + ": failed before any static initialiser ran, so the verifier may not have run: " + thrown);
    }

    /**
     * Defines the patched class, and the rest of its package unpatched (its package-private
     * superclasses), in a loader of its own and initialises it; answers what that threw.
     */
    private static Throwable initialise(String internalName, byte[] classFile) {
        String className = internalName.replace('/', '.');
        String packagePrefix = className.substring(0, className.lastIndexOf('.') + 1);
        ClassLoader loader = new ClassLoader(EntryHookPatchTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (!name.startsWith(packagePrefix)) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded != null) {
                        return loaded;
                    }
                    try {
                        byte[] bytes = name.equals(className) ? classFile : jdkClassFile(name.replace('.', '/'));
                        return defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException notThere) {
                        throw new ClassNotFoundException(name, notThere);
                    }
                }
            }
        };
        try {
            Class.forName(className, true, loader);
            return null;
        } catch (Throwable thrown) {
            return thrown;
        }
    }

    /** File offset of the first stack map frame of the named method (its tag byte). */
    private static int firstFrameOf(byte[] classFile, String methodName) throws IOException {
        ClassFileView view = new ClassFileView(classFile);
        int at = view.methodsStart();
        int methods = view.u2(at);
        at += 2;
        for (int m = 0; m < methods; m++) {
            if (view.utf8Is(view.u2(at + 2), methodName)) {
                int code = view.codeAttribute(at);
                int attributes = code + 14 + view.u4(code + 10);
                attributes += 2 + 8 * view.u2(attributes);
                int count = view.u2(attributes);
                int attribute = attributes + 2;
                for (int a = 0; a < count; a++) {
                    if (view.utf8Is(view.u2(attribute), "StackMapTable")) {
                        return attribute + 8;
                    }
                    attribute += 6 + view.u4(attribute + 2);
                }
            }
            at = view.afterMember(at);
        }
        throw new IOException("no frames in " + methodName);
    }

    static byte[] jdkClassFile(String internalName) throws IOException {
        return Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/")).getPath("modules", "java.base", internalName + ".class"));
    }
}
