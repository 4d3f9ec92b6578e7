package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class CallSitePatchTest {
    private static final String FIXTURE = "io/loopshift/agent/instrument/PatchFixture";
    private static final String HOOKS = "io/loopshift/agent/instrument/PatchFixtureHooks";
    private static final CallSiteHook HOOK = new CallSiteHook(FIXTURE, "hooked", "(ILjava/lang/String;)I", "target", "(ILjava/lang/String;)I", "onTarget");

    @Test
    void thePatchedClassLoadsVerifiesAndCallsTheHookOnlyInTheHookedMethod() throws Exception {
        byte[] original = bytes(PatchFixture.class);
        byte[] patched = CallSitePatch.apply(original, HOOK, HOOKS);
        assertNotNull(patched);
        Class<?> type = new PatchedLoader(FIXTURE.replace('/', '.'), patched).loadClass(FIXTURE.replace('/', '.'));
        int plain = PatchFixture.hooked(5, "abc");
        int woven = (int) type.getMethod("hooked", int.class, String.class).invoke(null, 5, "abc");
        // Both calls to target went to the hook: +1,000,000 each, and its answers replace value + length.
        assertEquals(plain - (5 + 3) - (1 + 3) + (1_000_000 + 5) + (1_000_000 + 1), woven);
        assertEquals(PatchFixture.hooked(1, "xy") - (1 + 2) + 1_000_001, (int) type.getMethod("hooked", int.class, String.class).invoke(null, 1, "xy"));
        assertEquals(PatchFixture.untouched("abcd"), (int) type.getMethod("untouched", String.class).invoke(null, "abcd"));
    }

    @Test
    void aMissingCallOrMethodLeavesTheClassAlone() throws Exception {
        byte[] original = bytes(PatchFixture.class);
        assertNull(CallSitePatch.apply(original, new CallSiteHook(FIXTURE, "hooked", "(ILjava/lang/String;)I", "absent", "(ILjava/lang/String;)I", "onTarget"), HOOKS));
        assertNull(CallSitePatch.apply(original, new CallSiteHook(FIXTURE, "absent", "()V", "target", "(ILjava/lang/String;)I", "onTarget"), HOOKS));
        assertArrayEquals(bytes(PatchFixture.class), original);
    }

    /** The JDK's own Net class: the connect hook's call site changes, every other instruction stays. */
    @Test
    void theJdksNetConnectCallsTheHooksClassAfterThePatch() throws Exception {
        byte[] net;
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        net = Files.readAllBytes(jrt.getPath("modules", "java.base", "sun/nio/ch/Net.class"));
        CallSiteHook connect = (CallSiteHook) NetInstrumentation.CONNECT.get(0);
        byte[] patched = CallSitePatch.apply(net, connect, "sun/nio/ch/LoopshiftHooks");
        assertNotNull(patched);
        List<String> before = calls(net);
        List<String> after = calls(patched);
        assertEquals(before.size(), after.size());
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed++;
                assertEquals("connect" + connect.descriptor() + " -> sun/nio/ch/Net.connect0" + connect.calledDescriptor(), before.get(i));
                assertEquals("connect" + connect.descriptor() + " -> sun/nio/ch/LoopshiftHooks.onConnect0" + connect.calledDescriptor(), after.get(i));
            }
        }
        assertEquals(1, changed);
    }

    /** Every method call in the class, as "method -> owner.name descriptor", read back with frames expanded. */
    private static List<String> calls(byte[] classFile) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                        calls.add(name + descriptor + " -> " + owner + "." + called + calledDescriptor);
                    }
                };
            }
        }, ClassReader.EXPAND_FRAMES);
        return calls;
    }

    private static byte[] bytes(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the patched fixture itself and leaves everything else, the hooks class too, to its parent. */
    private static final class PatchedLoader extends ClassLoader {
        private final String name;
        private final byte[] classFile;

        PatchedLoader(String name, byte[] classFile) {
            super(CallSitePatchTest.class.getClassLoader());
            this.name = name;
            this.classFile = classFile;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (className.equals(name)) {
                synchronized (getClassLoadingLock(className)) {
                    Class<?> loaded = findLoadedClass(className);
                    return loaded != null ? loaded : defineClass(className, classFile, 0, classFile.length);
                }
            }
            return super.loadClass(className, resolve);
        }
    }
}
