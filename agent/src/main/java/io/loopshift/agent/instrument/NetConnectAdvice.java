package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.LoopshiftHooks;
import net.bytebuddy.asm.Advice;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;

/**
 * Inlined into {@code sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)},
 * where every TCP connect of Socket, SocketChannel and AsynchronousSocketChannel passes on JDK 17
 * to 25. A non-zero result from the hook is the connect's result and the JDK's body is skipped.
 */
final class NetConnectAdvice {
    private NetConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static int enter(@Advice.Argument(0) ProtocolFamily family, @Advice.Argument(1) FileDescriptor fd,
                     @Advice.Argument(2) InetAddress remote, @Advice.Argument(3) int port) throws IOException {
        return LoopshiftHooks.onConnect(family, fd, remote, port);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter int handled, @Advice.Return(readOnly = false) int result) {
        if (handled != 0) {
            result = handled;
        }
    }
}
