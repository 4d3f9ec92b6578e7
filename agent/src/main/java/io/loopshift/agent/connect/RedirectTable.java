package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.DescriptorTable;

/** The sockets put on Unix sockets (connected by a unix: route, or listening and accepted by a listen rule). */
final class RedirectTable extends DescriptorTable<RedirectedSocket> {
}
