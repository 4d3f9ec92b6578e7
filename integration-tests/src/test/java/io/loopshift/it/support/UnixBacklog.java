package io.loopshift.it.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fills the backlog of a Unix listener that does not accept, so the next connect to it gets EAGAIN. */
public final class UnixBacklog {
    private UnixBacklog() {
    }

    /** Non-blocking connects until the kernel says the backlog is full; the caller closes the fillers. */
    public static List<SocketChannel> fill(Path path) throws IOException {
        List<SocketChannel> fillers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            SocketChannel filler = SocketChannel.open(StandardProtocolFamily.UNIX);
            filler.configureBlocking(false);
            try {
                filler.connect(UnixDomainSocketAddress.of(path));
                fillers.add(filler);
            } catch (IOException full) {
                filler.close();
                return fillers;
            }
        }
        throw new AssertionError("backlog never filled");
    }
}
