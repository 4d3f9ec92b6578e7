package io.loopshift.agent.jdk;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * Opens the few {@code java.base} packages the agent calls into, to the agent's own module only,
 * with {@link Instrumentation#redefineModule}: the user passes no {@code --add-opens}, and the
 * application gains no access it did not have.
 */
public final class JavaBaseAccess {
    /** Net, IOUtil, UnixDomainSockets, InheritedChannel, SelectionKeyImpl: the connect path and its natives. */
    static final String NIO_CHANNELS = "sun.nio.ch";
    /** AbstractSelectableChannel's keys, to re-register a redirected channel with its selectors. */
    static final String CHANNELS_SPI = "java.nio.channels.spi";
    /** ClassLoader.defineClass1, to define the Netty hooks class in the boot loader without a jar on disk. */
    static final String LANG = "java.lang";

    private JavaBaseAccess() {
    }

    public static void open(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        Module agent = JavaBaseAccess.class.getModule();
        if (javaBase.isOpen(NIO_CHANNELS, agent) && javaBase.isOpen(CHANNELS_SPI, agent)) {
            return;
        }
        // Opened only, not also exported: an open package is exported too, and each map
        // redefineModule walks links one more lambda of the JDK's inside premain.
        Map<String, Set<Module>> toAgent = Map.of(NIO_CHANNELS, Set.of(agent), CHANNELS_SPI, Set.of(agent));
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), toAgent, Set.of(), Map.of());
    }

    /** A lookup with private access to {@code java.lang.ClassLoader}, opening {@code java.lang} to the agent's module only. */
    public static MethodHandles.Lookup classLoaderLookup(Instrumentation instrumentation) throws IllegalAccessException {
        Module javaBase = Object.class.getModule();
        Module agent = JavaBaseAccess.class.getModule();
        if (!javaBase.isOpen(LANG, agent)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of(LANG, Set.of(agent)), Set.of(), Map.of());
        }
        return privateLookup(ClassLoader.class);
    }

    /** A lookup with private access to a class of {@code sun.nio.ch}; call {@link #open} first. */
    public static MethodHandles.Lookup privateLookup(String className) throws ReflectiveOperationException {
        return privateLookup(Class.forName(className, false, null));
    }

    public static MethodHandles.Lookup privateLookup(Class<?> type) throws IllegalAccessException {
        return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    }
}
