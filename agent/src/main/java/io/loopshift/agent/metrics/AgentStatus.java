package io.loopshift.agent.metrics;

import io.loopshift.agent.config.AgentSettings;

/** What {@code status} reads about the agent: kept up to date by the runtime on start, attach and stop. */
public final class AgentStatus implements AgentStatusMXBean {
    private final String version;
    private volatile boolean stopped;
    private volatile String settings = "";
    private volatile String origins = "";
    private volatile String fallback = "";

    public AgentStatus(String version) {
        this.version = version;
    }

    public void applied(AgentSettings applied, String appliedOrigins) {
        settings = applied.summary();
        origins = appliedOrigins;
        fallback = applied.fallback().key();
        stopped = false;
    }

    public void stopped() {
        stopped = true;
    }

    @Override
    public String getState() {
        return stopped ? "stopped" : "active";
    }

    @Override
    public String getSettings() {
        return settings;
    }

    @Override
    public String getOrigins() {
        return origins;
    }

    @Override
    public String getFallback() {
        return fallback;
    }

    @Override
    public String getVersion() {
        return version;
    }
}
