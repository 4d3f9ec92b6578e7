package io.loopshift.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;

/**
 * Weaves the hooks into {@code sun.nio.ch.Net}, the one JDK class loopshift changes, by
 * retransformation (method bodies only, so no {@code -XX:+AllowRedefinitionToAddDeleteMethods}).
 *
 * <p>The hooks are woven with the ASM that ships inside Byte Buddy rather than with Byte Buddy's
 * {@code Advice}: Advice loads about 800 classes from the agent jar (measured: 450-550 ms of
 * start-up on JDK 17 and 25), and Byte Buddy's {@code AgentBuilder} prepares
 * {@code sun.misc.Unsafe} class injection that JDK 24+ reports on the application's standard
 * error. The woven code is the same one-line delegation an Advice class would hold.
 *
 * <p>The transformer stays registered: if another agent retransforms {@code Net} later, the hooks
 * are woven again rather than lost.
 */
public final class NetInstrumentation {
    public static final String NET = "sun.nio.ch.Net";

    /** Every hook, by JDK method and descriptor; the same on JDK 17.0.19, 21 and 25.0.3. */
    static final List<EntryHook> HOOKS = List.of(
            new EntryHook("connect", "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I", "onConnect"));

    private NetInstrumentation() {
    }

    /** Retransforms {@code Net} and returns the transformer; throws when the hooks did not apply. */
    public static ClassFileTransformer install(Instrumentation instrumentation) throws Exception {
        Class<?> net = Class.forName(NET, false, null);
        NetTransformer transformer = new NetTransformer(HOOKS);
        instrumentation.addTransformer(transformer, true);
        try {
            instrumentation.retransformClasses(net);
        } catch (UnmodifiableClassException | RuntimeException | Error failure) {
            instrumentation.removeTransformer(transformer);
            throw failure;
        }
        if (!transformer.transformedOnce()) {
            instrumentation.removeTransformer(transformer);
            throw new IllegalStateException("could not instrument " + NET + ": "
                    + (transformer.failure() == null ? "the transformer was not called" : transformer.failure()));
        }
        return transformer;
    }
}
