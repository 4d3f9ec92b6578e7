package io.loopshift.agent.metrics;

import io.loopshift.agent.listen.ActiveListenRule;
import io.loopshift.agent.listen.ListenRouter;

import java.util.List;

/** The MXBean of one listen rule: reads its live counters. */
final class ListenStats implements ListenStatsMXBean {
    private final ActiveListenRule rule;
    private final ListenRouter router;

    ListenStats(ActiveListenRule rule, ListenRouter router) {
        this.rule = rule;
        this.router = router;
    }

    @Override
    public String getRule() {
        return rule.rule().text();
    }

    @Override
    public long getBound() {
        return rule.metrics().bound();
    }

    @Override
    public List<String> getListening() {
        return router.listeningPaths(rule);
    }

    @Override
    public long getAccepted() {
        return rule.metrics().accepted();
    }

    @Override
    public long getOpen() {
        return router.openConnections(rule);
    }

    @Override
    public long getNotCovered() {
        return rule.metrics().notCovered();
    }

    @Override
    public long getFailures() {
        return rule.metrics().bindFailures() + rule.metrics().acceptFailures();
    }
}
