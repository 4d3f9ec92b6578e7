package io.loopshift.agent.connect.unix;

import java.lang.reflect.Field;
import java.net.SocketOption;

/** Looks up a {@code jdk.net.ExtendedSocketOptions} constant by name, where the platform has it. */
final class JdkNetOptions {
    private JdkNetOptions() {
    }

    static SocketOption<?> named(String name) {
        try {
            Field field = Class.forName("jdk.net.ExtendedSocketOptions").getField(name);
            return (SocketOption<?>) field.get(null);
        } catch (ReflectiveOperationException | LinkageError absent) {
            return null;
        }
    }
}
