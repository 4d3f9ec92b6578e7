package io.loopshift.agent.cli.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link ProcSnapshot} judged: one {@link Finding} per destination, fullest first, and the worst verdict. */
record Diagnosis(ProcSnapshot snapshot, List<Finding> findings, Verdict worst) {

    static Diagnosis of(ProcSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        Verdict worst = Verdict.OK;
        for (DestinationUsage usage : new EphemeralPortCounter(snapshot.range()).count(snapshot.tables())) {
            Finding finding = Finding.of(usage, snapshot.range(), snapshot.reuse());
            findings.add(finding);
            worst = worst.worse(finding.verdict());
        }
        findings.sort(Comparator.comparingInt(Finding::held).reversed()
                .thenComparing(Comparator.comparingInt((Finding finding) -> finding.usage().inUse()).reversed())
                .thenComparing(finding -> finding.usage().key().destination().text())
                .thenComparingInt(finding -> finding.usage().key().port())
                .thenComparing(finding -> finding.usage().key().source().text()));
        return new Diagnosis(snapshot, List.copyOf(findings), worst);
    }

    int exitCode() {
        return worst.exitCode();
    }
}
