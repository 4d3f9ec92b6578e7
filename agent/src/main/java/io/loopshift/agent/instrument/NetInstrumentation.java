package io.loopshift.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves the hooks into the JDK's socket classes by retransformation (method bodies only, so no
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}). Every method and descriptor below was
 * checked against the sources of JDK 17, 21 and 25.
 *
 * <p>The connect hook is a constant-pool patch ({@link CallSitePatch}); the entry hooks of unix:
 * routes are woven with the ASM that ships inside Byte Buddy rather than with Byte Buddy's
 * {@code Advice}: Advice loads several hundred classes from the agent jar, which made start-up
 * several times slower (README, "How it works"), and Byte Buddy's {@code AgentBuilder} prepares
 * {@code sun.misc.Unsafe} class injection that JDK 24+ reports on the application's standard
 * error. The woven code is the same one-line delegation an Advice class would hold.
 *
 * <p>The transformer stays registered while the agent runs: if another agent retransforms one of
 * these classes later, the hooks are woven again rather than lost. {@link WovenHooks} keeps the
 * transformers and takes them back when a start fails.
 */
public final class NetInstrumentation {
    public static final String NET = "sun.nio.ch.Net";
    private static final String NET_CLASS = "sun/nio/ch/Net";
    private static final String SOCKET_IMPL = "sun/nio/ch/NioSocketImpl";
    private static final String SOCKET_CHANNEL = "sun/nio/ch/SocketChannelImpl";

    /**
     * Hooks every routed connect needs: the native connect0 call inside
     * {@code Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)}, the one connect point
     * of Socket, SocketChannel and the async channel.
     */
    static final List<Hook> CONNECT = List.of(
            new CallSiteHook(NET_CLASS, "connect", "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I",
                    "connect0", "(ZLjava/io/FileDescriptor;Ljava/net/InetAddress;I)I", "onConnect0"));

    /**
     * Hooks that make a socket redirected to a Unix socket keep answering like a TCP one, and the
     * socket creation of client sockets ({@code Net.socket(ProtocolFamily, boolean)}, which
     * NioSocketImpl, SocketChannelImpl and the async channel reach on JDK 17 and 25; server
     * sockets are made by {@code Net.serverSocket}) so the TCP socket a redirect replaced can be
     * handed out again. In a
     * holder class, so that without unix: routes neither these nor ASM (which weaves them) load.
     */
    static final class Unix {
        static final List<Hook> HOOKS = List.of(
                new CallSiteHook(NET_CLASS, "socket", "(Ljava/net/ProtocolFamily;Z)Ljava/io/FileDescriptor;", "socket0", "(ZZZZ)I", "onSocket0"),
                EntryHook.deciding(NET_CLASS, "localAddress", "(Ljava/io/FileDescriptor;)Ljava/net/InetSocketAddress;", "onLocalAddress"),
                EntryHook.deciding(NET_CLASS, "setSocketOption", "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;Ljava/lang/Object;)V", "onSetSocketOption"),
                EntryHook.deciding(NET_CLASS, "getSocketOption", "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;)Ljava/lang/Object;", "onGetSocketOption"),
                EntryHook.notifying(SOCKET_IMPL, "connect", "(Ljava/net/SocketAddress;I)V", "onSocketConnect"),
                EntryHook.notifying(SOCKET_CHANNEL, "connect", "(Ljava/net/SocketAddress;)Z", "onChannelConnect"),
                EntryHook.notifying(SOCKET_CHANNEL, "blockingConnect", "(Ljava/net/SocketAddress;J)V", "onChannelTimedConnect"));

        private Unix() {
        }
    }

    private static final String SERVER_CHANNEL = "sun/nio/ch/ServerSocketChannelImpl";
    private static final String ASYNC_SERVER = "sun/nio/ch/AsynchronousServerSocketChannelImpl";
    private static final String UNIX_ASYNC_SERVER = "sun/nio/ch/UnixAsynchronousServerSocketChannelImpl";
    private static final String NET_BIND = "(Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)V";
    private static final String NET_FAMILY_BIND = "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)V";
    private static final String NET_ACCEPT = "(Ljava/io/FileDescriptor;Ljava/io/FileDescriptor;[Ljava/net/InetSocketAddress;)I";

    /**
     * Hooks of {@code loopshift.listen}: the {@code Net.bind} call in each server socket's bind
     * (not {@code bind0} below it, which client sockets reach too), every {@code Net.accept} call
     * of the server socket classes, and the socket dispatcher's close. The same on JDK 17.0.19 and
     * 25.0.3 (javap), except where close is declared: see {@link #socketCloseHook()}.
     */
    static List<Hook> listenHooks() throws ClassNotFoundException {
        return List.of(
                CallSiteHook.passingThis(SOCKET_IMPL, "bind", "(Ljava/net/InetAddress;I)V", NET_CLASS, "bind", NET_BIND, "onServerBind"),
                CallSiteHook.passingThis(ASYNC_SERVER, "bind", "(Ljava/net/SocketAddress;I)Ljava/nio/channels/AsynchronousServerSocketChannel;",
                        NET_CLASS, "bind", NET_BIND, "onServerBind"),
                CallSiteHook.passingThis(SERVER_CHANNEL, "netBind", "(Ljava/net/SocketAddress;I)Ljava/net/SocketAddress;",
                        NET_CLASS, "bind", NET_FAMILY_BIND, "onServerFamilyBind"),
                acceptIn(SOCKET_IMPL, "accept", "(Ljava/net/SocketImpl;)V"),
                acceptIn(SOCKET_IMPL, "timedAccept", "(Ljava/io/FileDescriptor;Ljava/io/FileDescriptor;[Ljava/net/InetSocketAddress;J)I"),
                acceptIn(SERVER_CHANNEL, "implAccept", "(Ljava/io/FileDescriptor;Ljava/io/FileDescriptor;[Ljava/net/SocketAddress;)I"),
                acceptIn(UNIX_ASYNC_SERVER, "onEvent", "(IZ)V"),
                acceptIn(UNIX_ASYNC_SERVER, "implAccept", "(Ljava/lang/Object;Ljava/nio/channels/CompletionHandler;)Ljava/util/concurrent/Future;"),
                socketCloseHook());
    }

    private static CallSiteHook acceptIn(String owner, String method, String descriptor) {
        return CallSiteHook.calling(owner, method, descriptor, NET_CLASS, "accept", NET_ACCEPT, "onAccept");
    }

    /**
     * Every socket descriptor is closed through {@code SocketDispatcher.close(FileDescriptor)}
     * (NioSocketImpl, the channels, the async channels), which JDK 17 declares in SocketDispatcher
     * and JDK 25 inherits from UnixDispatcher (shared with DatagramDispatcher only): the hook goes
     * where the method is declared.
     */
    private static EntryHook socketCloseHook() throws ClassNotFoundException {
        Class<?> type = Class.forName("sun.nio.ch.SocketDispatcher", false, null);
        while (type != null) {
            try {
                type.getDeclaredMethod("close", java.io.FileDescriptor.class);
                return EntryHook.notifying(type.getName().replace('.', '/'), "close", "(Ljava/io/FileDescriptor;)V", "onSocketClose");
            } catch (NoSuchMethodException notHere) {
                type = type.getSuperclass();
            }
        }
        throw new ClassNotFoundException("no class declares close(FileDescriptor) above sun.nio.ch.SocketDispatcher");
    }

    private NetInstrumentation() {
    }

    /**
     * Weaves the given hooks and returns the transformer; throws when any class could not be
     * woven, after removing the transformer again (classes already woven keep hooks whose slots
     * stay empty, which is the JDK's own behaviour).
     */
    static ClassFileTransformer install(Instrumentation instrumentation, List<Hook> hooks) throws Exception {
        Map<String, List<Hook>> byClass = new LinkedHashMap<>();
        for (Hook hook : hooks) {
            String owner = hook.owner();
            List<Hook> ofClass = byClass.get(owner);
            if (ofClass == null) {
                ofClass = new ArrayList<>();
                byClass.put(owner, ofClass);
            }
            ofClass.add(hook);
        }
        HookWeavingTransformer transformer = new HookWeavingTransformer(byClass);
        instrumentation.addTransformer(transformer, true);
        try {
            List<Class<?>> loadedBefore = new ArrayList<>();
            for (String internalName : byClass.keySet()) {
                // Loading with the transformer registered weaves at load; a class loaded earlier is retransformed.
                Class<?> type = Class.forName(internalName.replace('/', '.'), false, null);
                if (!transformer.wasTransformed(internalName)) {
                    loadedBefore.add(type);
                }
            }
            if (!loadedBefore.isEmpty()) {
                instrumentation.retransformClasses(loadedBefore.toArray(new Class<?>[0]));
            }
            for (String internalName : byClass.keySet()) {
                if (!transformer.wasTransformed(internalName)) {
                    String failure = transformer.failure(internalName);
                    throw new IllegalStateException("could not instrument " + internalName.replace('/', '.') + ": "
                            + (failure == null ? "the transformer was not called" : failure));
                }
            }
        } catch (Exception | Error failure) {
            instrumentation.removeTransformer(transformer);
            throw failure;
        }
        return transformer;
    }
}
