package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;
import io.loopshift.agent.boot.LoopshiftHooks;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weaving mechanism in-process, without instrumentation: {@link HookWeavingTransformer} weaves
 * {@link EntryHook}s and a {@link CallSiteHook} into {@link WeavingFixture}, which is then defined
 * next to the real hooks class (renamed to {@code sun.nio.ch.LoopshiftHooks}, as in java.base) in
 * a class loader of its own, verified by the JVM (stack map frames included) and run. The same
 * hooks woven into the running JDK's own classes pass ASM's CheckClassAdapter.
 */
class HookWeaverTest {
    private static final String FIXTURE = WeavingFixture.class.getName().replace('.', '/');
    private static final String NET_CONNECT = "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I";
    private static final String CONNECT0 = "(ZLjava/io/FileDescriptor;Ljava/net/InetAddress;I)I";
    private static final List<Hook> FIXTURE_HOOKS = List.of(
            new CallSiteHook(FIXTURE, "connect", NET_CONNECT, "connect0", CONNECT0, "onConnect0"),
            EntryHook.deciding(FIXTURE, "localAddress", "(Ljava/io/FileDescriptor;)Ljava/net/InetSocketAddress;", "onLocalAddress"),
            EntryHook.deciding(FIXTURE, "setSocketOption", "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;Ljava/lang/Object;)V", "onSetSocketOption"),
            EntryHook.deciding(FIXTURE, "getSocketOption", "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;)Ljava/lang/Object;", "onGetSocketOption"),
            EntryHook.notifying(FIXTURE, "connect", "(Ljava/net/SocketAddress;I)V", "onSocketConnect"));

    /** What the test handlers saw and answer. */
    static final List<String> SEEN = new ArrayList<>();
    static int connectAnswer;
    static FileDescriptor redirected;

    @Test
    void theWovenClassLoadsVerifiesAndCallsTheHooks() throws Throwable {
        Woven woven = weaveAndLoad();
        FileDescriptor fd = new FileDescriptor();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress elsewhere = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});

        // The call site: the handler decides; 0 lets the hooks class call the real native (its own slot).
        connectAnswer = 7;
        assertEquals(7, woven.call("connect", NET_CONNECT, StandardProtocolFamily.INET, fd, loopback, 80));
        connectAnswer = 0;
        assertEquals(42, woven.call("connect", NET_CONNECT, StandardProtocolFamily.INET, fd, loopback, 81));
        assertEquals(42, woven.call("connect", NET_CONNECT, StandardProtocolFamily.INET6, fd, elsewhere, 82));
        assertEquals(List.of("connect 127.0.0.1:80", "connect 127.0.0.1:81"), SEEN);
        assertEquals(0, woven.field("nativeCalls").getInt(null), "the fixture's own connect0 ran: the call was not redirected");

        // Deciding entry hooks: an answer returns at once, no answer runs the body (and its frames).
        redirected = fd;
        InetSocketAddress answered = (InetSocketAddress) woven.call("localAddress", "(Ljava/io/FileDescriptor;)Ljava/net/InetSocketAddress;", fd);
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), answered);
        InetSocketAddress jdk = (InetSocketAddress) woven.call("localAddress", "(Ljava/io/FileDescriptor;)Ljava/net/InetSocketAddress;", new FileDescriptor());
        assertEquals(1001, jdk.getPort());

        String setDescriptor = "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;Ljava/lang/Object;)V";
        woven.call("setSocketOption", setDescriptor, fd, StandardProtocolFamily.INET, StandardSocketOptions.TCP_NODELAY, true);
        assertNull(woven.field("lastOptionSet").get(null), "the hook took the option, the body must not run");
        woven.call("setSocketOption", setDescriptor, new FileDescriptor(), StandardProtocolFamily.INET, StandardSocketOptions.TCP_NODELAY, true);
        assertEquals("TCP_NODELAY=true", woven.field("lastOptionSet").get(null));

        String getDescriptor = "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;)Ljava/lang/Object;";
        assertEquals("from the agent", woven.call("getSocketOption", getDescriptor, fd, StandardProtocolFamily.INET, StandardSocketOptions.SO_KEEPALIVE));
        assertEquals("from the jdk", woven.call("getSocketOption", getDescriptor, new FileDescriptor(), StandardProtocolFamily.INET, StandardSocketOptions.SO_KEEPALIVE));

        // A notifying hook on an instance method gets `this`, the arguments (timeout in ns) and the kind; the body runs.
        Constructor<?> constructor = woven.fixture.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object socketImpl = constructor.newInstance();
        Method connect = woven.fixture.getDeclaredMethod("connect", SocketAddress.class, int.class);
        connect.setAccessible(true);
        SEEN.clear();
        connect.invoke(socketImpl, new InetSocketAddress(loopback, 90), 250);
        assertEquals(List.of("starting " + socketImpl.getClass().getSimpleName() + " /127.0.0.1:90 250000000 " + LoopshiftHooks.SOCKET), SEEN);
        assertEquals("/127.0.0.1:90 within 250", woven.field("connectedTo").get(socketImpl));

        assertEquals(6, woven.call("untouched", "(I)I", 5));
    }

    /** The patch refuses code it cannot move (here a type annotation in the code); the transformer then weaves that hook with ASM. */
    @Test
    void aMethodThePatchCannotMoveIsWovenByAsm() throws Throwable {
        EntryHook instanceConnect = (EntryHook) FIXTURE_HOOKS.get(4);
        assertThrows(EntryHookPrologue.UnsupportedShape.class, () -> EntryHookPatch.apply(classFile(WeavingFixture.class.getName()), instanceConnect));
        Woven woven = weaveAndLoad();
        Constructor<?> constructor = woven.fixture.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object socketImpl = constructor.newInstance();
        Method connect = woven.fixture.getDeclaredMethod("connect", SocketAddress.class, int.class);
        connect.setAccessible(true);
        connect.invoke(socketImpl, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 91), 50);
        assertEquals(List.of("starting " + socketImpl.getClass().getSimpleName() + " /127.0.0.1:91 50000000 " + LoopshiftHooks.SOCKET), SEEN);
        assertEquals("/127.0.0.1:91 within 50", woven.field("connectedTo").get(socketImpl));
    }

    @Test
    void aClassWhoseHookedMethodIsMissingIsLeftAloneAndTheFailureRecorded() throws IOException {
        Hook absent = EntryHook.deciding(FIXTURE, "localAddress", "(I)Ljava/net/InetSocketAddress;", "onLocalAddress");
        HookWeavingTransformer transformer = new HookWeavingTransformer(Map.of(FIXTURE, List.of(FIXTURE_HOOKS.get(0), absent)));
        assertNull(transformer.transform(null, null, FIXTURE, null, null, classFile(WeavingFixture.class.getName())));
        assertTrue(transformer.failure(FIXTURE).startsWith("methods not found: "), transformer.failure(FIXTURE));
        assertTrue(!transformer.wasTransformed(FIXTURE));
    }

    @Test
    void theJdksOwnClassesWovenWithEveryHookPassCheckClassAdapter() throws IOException {
        List<Hook> all = new ArrayList<>(NetInstrumentation.CONNECT);
        all.addAll(NetInstrumentation.Unix.HOOKS);
        Map<String, List<Hook>> byClass = new java.util.LinkedHashMap<>();
        for (Hook hook : all) {
            byClass.computeIfAbsent(hook.owner(), owner -> new ArrayList<>()).add(hook);
        }
        HookWeavingTransformer transformer = new HookWeavingTransformer(byClass);
        for (String jdkClass : byClass.keySet()) {
            byte[] woven = transformer.transform(Object.class.getModule(), null, jdkClass, null, null, classFile(jdkClass.replace('/', '.')));
            assertNotNull(woven, jdkClass + ": " + transformer.failure(jdkClass));
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(woven), ClassLoader.getSystemClassLoader(), false, new PrintWriter(problems));
            assertEquals("", problems.toString(), jdkClass + " on Java " + Runtime.version());
        }
    }

    // ---- test handlers, plugged into the renamed hooks class's slots ----

    static int onConnect(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) {
        SEEN.add("connect " + remote.getHostAddress() + ":" + port);
        return connectAnswer;
    }

    static int nativeConnect(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) {
        return 42;
    }

    static InetSocketAddress localAddress(FileDescriptor fd) {
        return fd == redirected ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0) : null;
    }

    static boolean setOption(FileDescriptor fd, SocketOption<?> option, Object value) {
        return fd == redirected;
    }

    static Object getOption(FileDescriptor fd, SocketOption<?> option) {
        return fd == redirected ? "from the agent" : null;
    }

    static void connectStarting(Object target, SocketAddress remote, long timeoutNanos, int kind) {
        SEEN.add("starting " + target.getClass().getSimpleName() + " " + remote + " " + timeoutNanos + " " + kind);
    }

    /** The woven fixture and the hooks class it calls, in a loader of their own. */
    private record Woven(Class<?> fixture, Class<?> hooks) {
        java.lang.reflect.Field field(String name) throws NoSuchFieldException {
            java.lang.reflect.Field field = fixture.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        }

        Object call(String name, String descriptor, Object... arguments) throws Throwable {
            MethodType type = MethodType.fromMethodDescriptorString(descriptor, fixture.getClassLoader());
            Method method = fixture.getDeclaredMethod(name, type.parameterArray());
            method.setAccessible(true);
            try {
                return method.invoke(null, arguments);
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            }
        }
    }

    private static Woven weaveAndLoad() throws Exception {
        SEEN.clear();
        HookWeavingTransformer transformer = new HookWeavingTransformer(Map.of(FIXTURE, FIXTURE_HOOKS));
        byte[] woven = transformer.transform(null, null, FIXTURE, null, null, classFile(WeavingFixture.class.getName()));
        assertNotNull(woven, String.valueOf(transformer.failure(FIXTURE)));
        byte[] hooks = BootInjector.renameHooks(BootInjector.classFileOf(LoopshiftHooks.class));
        ClassLoader loader = new ClassLoader(HookWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded != null) {
                        return loaded;
                    }
                    if (name.equals(BootInjector.BOOT_NAME)) {
                        return defineClass(name, hooks, 0, hooks.length);
                    }
                    if (name.equals(WeavingFixture.class.getName())) {
                        return defineClass(name, woven, 0, woven.length);
                    }
                    return super.loadClass(name, resolve);
                }
            }
        };
        Class<?> hooksClass = loader.loadClass(BootInjector.BOOT_NAME);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodType connect = MethodType.methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class);
        hooksClass.getField("nativeConnect0").set(null, lookup.findStatic(HookWeaverTest.class, "nativeConnect", connect));
        hooksClass.getField("connect").set(null, lookup.findStatic(HookWeaverTest.class, "onConnect", connect));
        hooksClass.getField("localAddress").set(null, lookup.findStatic(HookWeaverTest.class, "localAddress",
                MethodType.methodType(InetSocketAddress.class, FileDescriptor.class)));
        hooksClass.getField("setOption").set(null, lookup.findStatic(HookWeaverTest.class, "setOption",
                MethodType.methodType(boolean.class, FileDescriptor.class, SocketOption.class, Object.class)));
        hooksClass.getField("getOption").set(null, lookup.findStatic(HookWeaverTest.class, "getOption",
                MethodType.methodType(Object.class, FileDescriptor.class, SocketOption.class)));
        hooksClass.getField("connectStarting").set(null, lookup.findStatic(HookWeaverTest.class, "connectStarting",
                MethodType.methodType(void.class, Object.class, SocketAddress.class, long.class, int.class)));
        Class<?> fixture = Class.forName(WeavingFixture.class.getName(), true, loader);
        assertTrue(fixture != WeavingFixture.class && fixture.getClassLoader() == loader);
        return new Woven(fixture, hooksClass);
    }

    /** A class file as the class loader (or, for the JDK's, the runtime image) holds it. */
    static byte[] classFile(String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        Class<?> probe = className.startsWith("sun.") ? Object.class : HookWeaverTest.class;
        try (InputStream in = className.startsWith("sun.") ? probe.getModule().getResourceAsStream(resource)
                : HookWeaverTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return in.readAllBytes();
        }
    }
}
