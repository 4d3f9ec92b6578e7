package io.loopshift.agent.netty.fake.io.netty.util.concurrent;

import java.util.concurrent.ScheduledExecutorService;

/** Netty's event executor, as far as the agent uses it: a scheduled executor. */
public interface EventExecutor extends ScheduledExecutorService {
}
