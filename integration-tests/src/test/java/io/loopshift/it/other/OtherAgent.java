package io.loopshift.it.other;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import java.io.FileDescriptor;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Another Byte Buddy-based agent, built by the test into its own jar, using the application's
 * (different, unshaded) Byte Buddy: it retransforms java.net.Socket.connect and, to meet
 * loopshift head-on, sun.nio.ch.Net.connect too. Its advice only sets system properties, so it
 * needs nothing on the boot class path.
 */
public final class OtherAgent {
    private OtherAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .ignore(not(named("java.net.Socket").or(named("sun.nio.ch.Net"))))
                .type(named("java.net.Socket"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(SocketSeen.class).on(named("connect").and(takesArguments(SocketAddress.class, int.class)))))
                .type(named("sun.nio.ch.Net"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(NetSeen.class).on(named("connect").and(takesArguments(ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class)))))
                .installOn(instrumentation);
        System.setProperty("other.agent.installed", "true");
    }

    static final class SocketSeen {
        @Advice.OnMethodEnter
        static void enter() {
            System.setProperty("other.agent.socket", "seen");
        }
    }

    static final class NetSeen {
        @Advice.OnMethodEnter
        static void enter() {
            System.setProperty("other.agent.net", "seen");
        }
    }
}
