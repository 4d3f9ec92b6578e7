package io.loopshift.agent.connect;

import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a connect's entry hands to the Unix connector on the same thread, and to no one else. */
class ConnectContextTest {
    private static final InetSocketAddress DESTINATION = new InetSocketAddress(InetAddress.getLoopbackAddress(), 3000);

    @Test
    void theSocketThatRecordedTakesItsContextOnce() {
        FileDescriptor fd = new FileDescriptor();
        Object channel = new Object();
        ConnectContext.record(fd, null, 0, channel, DESTINATION, 5_000_000_000L, true);
        ConnectContext.Taken taken = ConnectContext.take(fd, DESTINATION.getAddress(), DESTINATION.getPort());
        assertTrue(taken.recorded());
        assertSame(channel, taken.channel());
        assertTrue(taken.nonBlocking());
        assertNotEquals(0, taken.deadlineNanos());
        assertFalse(ConnectContext.take(fd, DESTINATION.getAddress(), DESTINATION.getPort()).recorded(), "taken twice");
    }

    /** A Socket connect that failed between its entry and Net.connect, then an async connect on the same thread. */
    @Test
    void aRecordLeftByAnAbortedConnectIsNotTakenByAnotherSocket() {
        FileDescriptor aborted = new FileDescriptor();
        ConnectContext.record(aborted, null, 0, new Object(), DESTINATION, 5_000_000_000L, true);
        FileDescriptor asyncChannel = new FileDescriptor();
        ConnectContext.Taken taken = ConnectContext.take(asyncChannel, DESTINATION.getAddress(), DESTINATION.getPort());
        assertFalse(taken.recorded(), "the async connect took the aborted connect's record: " + taken);
        assertEquals(ConnectContext.Taken.NONE, taken);
    }

    @Test
    void anotherDestinationOfTheSameSocketTakesNothing() {
        FileDescriptor fd = new FileDescriptor();
        ConnectContext.record(fd, null, 0, null, DESTINATION, 0, false);
        assertFalse(ConnectContext.take(fd, DESTINATION.getAddress(), 3001).recorded());
    }

    @Test
    void recordsAreKeptPerThread() throws Exception {
        FileDescriptor fd = new FileDescriptor();
        ConnectContext.record(fd, null, 0, null, DESTINATION, 0, false);
        boolean[] seenElsewhere = new boolean[1];
        Thread other = new Thread(() -> seenElsewhere[0] = ConnectContext.take(fd, DESTINATION.getAddress(), DESTINATION.getPort()).recorded());
        other.start();
        other.join();
        assertFalse(seenElsewhere[0]);
        assertTrue(ConnectContext.take(fd, DESTINATION.getAddress(), DESTINATION.getPort()).recorded());
    }

    /** The key is the descriptor the JDK passes to Net.connect: a channel's own, read as the agent reads it. */
    @Test
    void aChannelIsKeyedByTheDescriptorItConnectsWith() throws Exception {
        try (SocketChannel channel = SocketChannel.open()) {
            FileDescriptor fd = ConnectTargets.descriptorOf(channel, ConnectModes.CHANNEL);
            assertSame(fd, ConnectTargets.descriptorOf(channel, ConnectModes.CHANNEL_TIMED));
            assertTrue(fd.valid());
        }
    }
}
