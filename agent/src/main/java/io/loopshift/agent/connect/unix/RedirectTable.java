package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.DescriptorTable;

/** The sockets put on Unix sockets (connected by a unix: route, or listening and accepted by a listen rule). */
final class RedirectTable extends DescriptorTable<RedirectedSocket> {
}
