package io.loopshift.agent.instrument;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NettyInstrumentationTest {

    @Test
    void findsNettysSocketUnderAnyRelocationPrefix() {
        assertTrue(NettyInstrumentation.isNettySocket("io/netty/channel/unix/Socket"));
        assertTrue(NettyInstrumentation.isNettySocket("io/grpc/netty/shaded/io/netty/channel/unix/Socket"));
        assertTrue(NettyInstrumentation.isNettySocket("com/example/shaded/io/netty/channel/unix/Socket"));
    }

    @Test
    void leavesLookAlikesAlone() {
        assertFalse(NettyInstrumentation.isNettySocket("myio/netty/channel/unix/Socket"));
        assertFalse(NettyInstrumentation.isNettySocket("io/netty/channel/unix/SocketWritableByteChannel"));
        assertFalse(NettyInstrumentation.isNettySocket("java/net/Socket"));
    }

    @Test
    void theNativeSwitchCarriesTheRelocationPrefix() {
        assertEquals("-Dio.netty.transport.noNative=true", NettyInstrumentation.nativeSwitch("io/netty/channel/unix/Socket"));
        assertEquals("-Dio.grpc.netty.shaded.io.netty.transport.noNative=true",
                NettyInstrumentation.nativeSwitch("io/grpc/netty/shaded/io/netty/channel/unix/Socket"));
    }

    @Test
    void weavesConnectAddressesAndOptionsIntoSocketAndOptionsIntoLinuxSocket() {
        assertEquals(11, NettyInstrumentation.hooksFor("io/netty/channel/unix/Socket").size());
        assertEquals(12, NettyInstrumentation.hooksFor("io/netty/channel/epoll/LinuxSocket").size());
        assertEquals(1, NettyInstrumentation.hooksFor("io/netty/channel/uring/AbstractIoUringChannel").size());
    }
}
