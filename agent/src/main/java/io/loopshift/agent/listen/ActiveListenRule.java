package io.loopshift.agent.listen;

import io.loopshift.agent.config.ListenRule;

/** A configured listen rule with its counters. */
public final class ActiveListenRule {
    private final ListenRule rule;
    private final ListenMetrics metrics = new ListenMetrics();

    ActiveListenRule(ListenRule rule) {
        this.rule = rule;
    }

    public ListenRule rule() {
        return rule;
    }

    public ListenMetrics metrics() {
        return metrics;
    }

    public String name() {
        return rule.name();
    }
}
