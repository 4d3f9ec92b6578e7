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
 * <p>The hooks are woven with the ASM that ships inside Byte Buddy rather than with Byte Buddy's
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

    /** Hooks that make a socket redirected to a Unix socket keep answering like a TCP one. */
    static final List<Hook> UNIX = List.of(
            EntryHook.deciding(NET_CLASS, "localAddress", "(Ljava/io/FileDescriptor;)Ljava/net/InetSocketAddress;", "onLocalAddress"),
            EntryHook.deciding(NET_CLASS, "setSocketOption", "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;Ljava/lang/Object;)V", "onSetSocketOption"),
            EntryHook.deciding(NET_CLASS, "getSocketOption", "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;)Ljava/lang/Object;", "onGetSocketOption"),
            EntryHook.notifying(SOCKET_IMPL, "connect", "(Ljava/net/SocketAddress;I)V", "onSocketConnect"),
            EntryHook.notifying(SOCKET_CHANNEL, "connect", "(Ljava/net/SocketAddress;)Z", "onChannelConnect"),
            EntryHook.notifying(SOCKET_CHANNEL, "blockingConnect", "(Ljava/net/SocketAddress;J)V", "onChannelTimedConnect"));

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
