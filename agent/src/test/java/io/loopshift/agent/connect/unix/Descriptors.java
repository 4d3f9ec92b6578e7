package io.loopshift.agent.connect.unix;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** FileDescriptor objects carrying a chosen number, as the JDK makes them, without opening anything. */
final class Descriptors {
    private static final MethodHandle SET_FD_VAL;

    static {
        try {
            Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil", false, null);
            SET_FD_VAL = MethodHandles.privateLookupIn(ioUtil, MethodHandles.lookup())
                    .findStatic(ioUtil, "setfdVal", MethodType.methodType(void.class, FileDescriptor.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Descriptors() {
    }

    static FileDescriptor numbered(int number) {
        FileDescriptor fd = new FileDescriptor();
        try {
            SET_FD_VAL.invokeExact(fd, number);
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        return fd;
    }
}
