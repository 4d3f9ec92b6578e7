package io.loopshift.it.apps;

import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.channels.SocketChannel;

/**
 * The descriptor number behind a JDK socket, read through the JDK's private fields (the test JVM
 * opens java.net, sun.nio.ch and java.io to it), for checks that look the number up in /proc.
 */
final class DescriptorNumbers {
    private DescriptorNumbers() {
    }

    /**
     * Socket.impl -> SocksSocketImpl.delegate -> NioSocketImpl.fd (an accepted Socket's impl is the
     * NioSocketImpl itself). A Socket makes its descriptor on first use, which reading an option is.
     */
    static int of(Socket socket) throws Exception {
        socket.getKeepAlive();
        Object impl = field(socket, "impl");
        Object nio = impl.getClass().getName().equals("sun.nio.ch.NioSocketImpl") ? impl : field(impl, "delegate");
        Object fd = field(nio, "fd");
        return (int) field(fd, "fd");
    }

    static int of(SocketChannel channel) throws Exception {
        return (int) field(channel, "fdVal");
    }

    private static Object field(Object owner, String name) throws Exception {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException next) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name + " in " + owner.getClass());
    }
}
