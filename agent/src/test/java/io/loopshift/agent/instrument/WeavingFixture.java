package io.loopshift.agent.instrument;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;

/**
 * Stands for the JDK classes the hooks are woven into, with their methods' exact descriptors and
 * bodies that have stack map frames of their own (a branch, and do-while loops whose first
 * instruction is a jump target, so the original code has a frame at its offset 0), a
 * tableswitch, an exception handler and frames that hold an uninitialized object; its instance
 * {@code connect} holds a type annotation in its code, which only ASM weaves. Woven by
 * {@link HookWeaverTest} and loaded next to the renamed hooks class; never used unwoven.
 */
final class WeavingFixture {
    static int nativeCalls;
    static String lastOptionSet;
    String connectedTo;

    /** Like {@code Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)}. */
    static int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port) throws IOException {
        boolean preferIPv6 = family == StandardProtocolFamily.INET6;
        int result = connect0(preferIPv6, fd, remote, port);
        return result >= 0 ? result : -result;
    }

    /** Stands for the private native {@code Net.connect0}: what the JDK would do. */
    private static int connect0(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) {
        nativeCalls++;
        return -3;
    }

    /** Like {@code Net.localAddress(FileDescriptor)}. */
    static InetSocketAddress localAddress(FileDescriptor fd) {
        int tries = 0;
        do {
            tries++;
        } while (tries < 2 && fd == null);
        int port = switch (tries) {               // a tableswitch: its padding depends on its offset
            case 1 -> 1001;
            case 2 -> 1002;
            case 3 -> 1003;
            default -> 1000 + tries;
        };
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Like {@code Net.setSocketOption(FileDescriptor, ProtocolFamily, SocketOption, Object)}. */
    static void setSocketOption(FileDescriptor fd, ProtocolFamily family, SocketOption<?> option, Object value) throws IOException {
        try {
            do {
                lastOptionSet = option.name() + "=" + value;
            } while (fd == null);
        } catch (IllegalStateException unexpected) {  // an exception table entry, whose offsets move
            throw new IOException(unexpected);
        }
    }

    /** Like {@code Net.getSocketOption(FileDescriptor, ProtocolFamily, SocketOption)}. */
    static Object getSocketOption(FileDescriptor fd, ProtocolFamily family, SocketOption<?> option) throws IOException {
        do {
            if (option == null) {
                throw new IOException("no option");
            }
        } while (fd == null);
        // A branch between `new` and its constructor: the frames name the `new` by its offset.
        return new String(option.name().isEmpty() ? "never" : "from the jdk");
    }

    /** Like {@code NioSocketImpl.connect(SocketAddress, int)}: an instance method. */
    void connect(SocketAddress remote, int millis) throws IOException {
        // A type annotation in the code, which the class-file patch does not move: this hook is woven by ASM instead.
        connectedTo = ((@InCode Object) remote) + " within " + millis;
    }

    /** Kept in the class file, inside the method's code. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)
    @interface InCode {
    }

    /** Not named by any hook: must stay as it is. */
    static int untouched(int value) {
        return value + 1;
    }
}
