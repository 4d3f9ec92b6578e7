package io.loopshift.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** Installs the advice into {@code sun.nio.ch.Net}, the one JDK class loopshift changes. */
public final class NetInstrumentation {
    public static final String NET = "sun.nio.ch.Net";

    private NetInstrumentation() {
    }

    /**
     * Retransforms {@code sun.nio.ch.Net} (already loaded: the agent called it) and returns the
     * transformer; throws when the class was not transformed, so the caller can stay inert.
     */
    public static ResettableClassFileTransformer install(Instrumentation instrumentation) throws IOException, ClassNotFoundException {
        Class<?> net = Class.forName(NET, false, null);
        Advice connect = RenamedAdvice.of(NetConnectAdvice.class);
        Outcome outcome = new Outcome();
        ResettableClassFileTransformer transformer = new AgentBuilder.Default()
                .disableClassFormatChanges()                      // a loaded JDK class may only change method bodies
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(net)) // no scan of every loaded class
                .ignore(not(named(NET)))                          // a name check before any class file is parsed
                .with(outcome)
                .type(named(NET))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(connect.on(named("connect").and(takesArguments(ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class)))))
                .installOn(instrumentation);
        if (!outcome.errors.isEmpty() || !outcome.transformed) {
            instrumentation.removeTransformer(transformer);
            throw new IllegalStateException("could not instrument " + NET + (outcome.errors.isEmpty() ? " (no transformation happened)" : ": " + outcome.errors.get(0)), outcome.errors.isEmpty() ? null : outcome.errors.get(0));
        }
        return transformer;
    }

    /** Records whether {@code Net} was transformed and every error Byte Buddy reported. */
    private static final class Outcome extends AgentBuilder.Listener.Adapter {
        private volatile boolean transformed;
        private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            transformed = true;
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            errors.add(error);
        }
    }
}
