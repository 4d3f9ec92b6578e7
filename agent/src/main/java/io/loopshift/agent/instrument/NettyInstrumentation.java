package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;
import io.loopshift.agent.log.AgentLog;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Weaves the Netty hooks into Netty's {@code io.netty.channel.unix.Socket}, the Java class above
 * the JNI connect of the epoll transport, wherever it is: any class loader, any package prefix
 * ({@code io.grpc.netty.shaded.io.netty.channel.unix.Socket}), loaded before or after the agent.
 * Netty is found by name only; the agent has no dependency on it. The woven methods, with
 * the same signatures in Netty 4.1 and 4.2 (checked against the sources of 4.1.x and 4.2.18):
 * <pre>{@code
 *   public final boolean connect(SocketAddress remote) {
 *       int handled = NettyHooks.onConnect(this, remote);     // woven
 *       if (handled != 0) return handled == 2;                // woven: connected, or in progress
 *       ... Netty's body: the native connect(fd, ipv6, address, scopeId, port) ...
 *   }
 *   public final boolean finishConnect() {
 *       int handled = NettyHooks.onFinishConnect(this);       // woven: throws the failure of a connect the agent finished
 *       ...
 *   }
 *   public final void listen(int backlog) {
 *       NettyHooks.onListen(this, backlog);                   // woven: warns when a listen rule matches this server
 *       ...
 *   }
 *   public final InetSocketAddress localAddress()  // and remoteAddress(): answered for a socket moved to a Unix socket
 * }</pre>
 * A class named like Netty's Socket in which these methods are missing (a Netty whose internals
 * differ) is left as it is, with one warning naming the version.
 */
public final class NettyInstrumentation implements ClassFileTransformer {
    /** The class woven, after any relocation prefix. */
    static final String SOCKET = "io/netty/channel/unix/Socket";
    /** Netty 4.2's io_uring channel: its connect is a ring operation, not Socket.connect; observed to warn. */
    static final String IO_URING_CHANNEL = "io/netty/channel/uring/AbstractIoUringChannel";
    /** The epoll transport's socket, which adds the Linux TCP options to Socket's. */
    static final String LINUX_SOCKET = "io/netty/channel/epoll/LinuxSocket";
    private static final String HOOKS = BootInjector.NETTY_BOOT_NAME.replace('.', '/');

    private final HooksClass hooksClass;

    /** The Netty hooks class, defined on demand: the woven code must find it before a woven class runs. */
    public interface HooksClass {
        /** Defines it if needed; false when it cannot be, and nothing may be woven. */
        boolean ready();
    }

    private NettyInstrumentation(HooksClass hooksClass) {
        this.hooksClass = hooksClass;
    }

    /**
     * Registers the transformer and, when Netty may be loaded already (the agent was attached to a
     * running JVM), retransforms the Socket classes loaded so far. Returns the transformer, for a
     * failed start to take back.
     */
    public static ClassFileTransformer install(Instrumentation instrumentation, boolean classesMayBeLoaded, HooksClass hooksClass) {
        NettyInstrumentation transformer = new NettyInstrumentation(hooksClass);
        instrumentation.addTransformer(transformer, true);
        if (!classesMayBeLoaded) {
            return transformer;
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            String name = type.getName().replace('.', '/');
            if (isWoven(name) && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        for (Class<?> type : loaded) {
            try {
                instrumentation.retransformClasses(type);
            } catch (UnmodifiableClassException | RuntimeException | Error failure) {
                AgentLog.warn("could not instrument " + type.getName() + " (" + failure + "): its Netty epoll connects are not rewritten");
            }
        }
        return transformer;
    }

    /** {@code io/netty/channel/unix/Socket}, alone or after a relocation prefix ending in '/'. */
    static boolean isNettySocket(String internalName) {
        return isNetty(internalName, SOCKET);
    }

    private static boolean isWoven(String internalName) {
        return isNettySocket(internalName) || isNetty(internalName, LINUX_SOCKET) || isNetty(internalName, IO_URING_CHANNEL);
    }

    private static boolean isNetty(String internalName, String name) {
        return internalName.endsWith(name)
                && (internalName.length() == name.length() || internalName.charAt(internalName.length() - name.length() - 1) == '/');
    }

    static List<Hook> hooksFor(String nettyClass) {
        if (isNetty(nettyClass, IO_URING_CHANNEL)) {
            return List.of(EntryHook.notifyingIn(HOOKS, nettyClass, "submitConnect", "(Ljava/net/InetSocketAddress;)V", "onUncoveredConnect"));
        }
        if (isNetty(nettyClass, LINUX_SOCKET)) {
            return options(nettyClass,
                    "TCP_QUICKACK", "TcpQuickAck", "Z", "TCP_KEEPIDLE", "TcpKeepIdle", "I", "TCP_KEEPINTERVAL", "TcpKeepIntvl", "I",
                    "TCP_KEEPCOUNT", "TcpKeepCnt", "I", "TCP_USER_TIMEOUT", "TcpUserTimeout", "I", "TCP_CORK", "TcpCork", "Z");
        }
        List<Hook> hooks = new ArrayList<>(List.of(
                EntryHook.decidingIn(HOOKS, nettyClass, "connect", "(Ljava/net/SocketAddress;)Z", "onConnect"),
                EntryHook.decidingIn(HOOKS, nettyClass, "finishConnect", "()Z", "onFinishConnect"),
                EntryHook.notifyingIn(HOOKS, nettyClass, "listen", "(I)V", "onListen"),
                EntryHook.decidingIn(HOOKS, nettyClass, "localAddress", "()Ljava/net/InetSocketAddress;", "onLocalAddress"),
                EntryHook.decidingIn(HOOKS, nettyClass, "remoteAddress", "()Ljava/net/InetSocketAddress;", "onRemoteAddress")));
        hooks.addAll(options(nettyClass, "TCP_NODELAY", "TcpNoDelay", "Z", "IP_TOS", "TrafficClass", "I", "SO_REUSEPORT", "ReusePort", "Z"));
        return hooks;
    }

    /**
     * Setter and getter hooks for options given as (option name, Netty's method suffix, type):
     * {@code setTcpKeepIdle(I)V} and {@code getTcpKeepIdle()I}; a boolean's getter is {@code isX}.
     */
    private static List<Hook> options(String owner, String... triples) {
        List<Hook> hooks = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            String option = triples[i];
            String suffix = triples[i + 1];
            String type = triples[i + 2];
            hooks.add(new OptionHook(owner, "set" + suffix, "(" + type + ")V", option, HOOKS));
            hooks.add(new OptionHook(owner, (type.equals("Z") ? "is" : "get") + suffix, "()" + type, option, HOOKS));
        }
        return hooks;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null || !isWoven(className) || !hooksClass.ready()) {
            return null;
        }
        try {
            // Through EntryHookWeaving, so that ASM loads when a Netty class is woven, not with this transformer.
            List<Hook> missing = new ArrayList<>();
            byte[] woven = EntryHookWeaving.weave(classFile, hooksFor(className), missing);
            if (!missing.isEmpty() && isNetty(className, IO_URING_CHANNEL)) {
                return null;  // an io_uring whose connect differs: no warning at connect time, but nothing is broken either
            }
            if (!missing.isEmpty() && isNetty(className, LINUX_SOCKET)) {
                AgentLog.warn("Netty " + nettyVersion(loader, className) + " (" + className.replace('/', '.') + "): TCP option methods not found ("
                        + methodNames(missing) + "); a channel redirected by a unix: route may fail where it sets or reads them");
                return null;
            }
            if (!missing.isEmpty()) {
                AgentLog.warn("Netty " + nettyVersion(loader, className) + " (" + className.replace('/', '.')
                        + ") is not a version whose internals loopshift knows (methods not found: " + methodNames(missing)
                        + "); its epoll connects are not rewritten. " + nativeSwitch(className) + " moves this Netty to its NIO transport, which loopshift covers.");
                return null;
            }
            return woven;
        } catch (Throwable error) {
            AgentLog.warn("could not instrument " + className.replace('/', '.') + " (" + error + "): its Netty epoll connects are not rewritten");
            return null;
        }
    }

    private static String methodNames(List<Hook> hooks) {
        StringBuilder names = new StringBuilder();
        for (Hook hook : hooks) {
            String name = hook instanceof EntryHook entry ? entry.method() + entry.descriptor()
                    : hook instanceof OptionHook option ? option.method() + option.descriptor() : hook.toString();
            names.append(names.length() == 0 ? "" : ", ").append(name);
        }
        return names.toString();
    }

    /** Netty's switch off its native transports; a relocated Netty reads it under its prefix (grpc-netty-shaded does). */
    static String nativeSwitch(String socketClass) {
        return "-D" + prefixOf(socketClass) + "io.netty.transport.noNative=true";
    }

    private static String prefixOf(String nettyClass) {
        return nettyClass.substring(0, nettyClass.lastIndexOf("io/netty/channel/")).replace('/', '.');
    }

    /** The version in Netty's own META-INF/io.netty.versions.properties (renamed with the prefix when relocated), if readable. */
    static String nettyVersion(ClassLoader loader, String nettyClass) {
        ClassLoader source = loader != null ? loader : ClassLoader.getSystemClassLoader();
        // Relocated copies rename the file with their prefix, or keep Netty's own name (grpc-netty-shaded up to 1.7x).
        for (String resource : new String[] {"META-INF/" + prefixOf(nettyClass) + "io.netty.versions.properties", "META-INF/io.netty.versions.properties"}) {
            try (InputStream in = source.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties versions = new Properties();
                    versions.load(in);
                    String version = versions.getProperty("netty-transport-native-unix-common.version",
                            versions.getProperty("netty-transport-native-epoll.version", versions.getProperty("netty-common.version")));
                    if (version != null) {
                        return version;
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // The version is for the warning only.
            }
        }
        return "(version unknown)";
    }
}
