package io.loopshift.agent.connect.unix;

import java.lang.invoke.MethodHandles;
import java.net.SocketOption;

/** Looks up a {@code jdk.net.ExtendedSocketOptions} constant by name, where the platform has it. */
final class JdkNetOptions {
    private JdkNetOptions() {
    }

    /** Through a handle, not {@code Field.get}: since JDK 18 the first reflective field access costs milliseconds. */
    static SocketOption<?> named(String name) {
        try {
            Class<?> options = Class.forName("jdk.net.ExtendedSocketOptions");
            return (SocketOption<?>) MethodHandles.publicLookup().findStaticGetter(options, name, SocketOption.class).invoke();
        } catch (ReflectiveOperationException | LinkageError absent) {
            return null;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
