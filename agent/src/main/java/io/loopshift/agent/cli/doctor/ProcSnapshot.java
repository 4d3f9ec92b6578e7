package io.loopshift.agent.cli.doctor;

import java.util.List;

/** Everything the doctor reads from one /proc, taken once so every number comes from the same moment (as near as the kernel allows). */
record ProcSnapshot(String procRoot, EphemeralRange range, TimeWaitReuse reuse, List<SocketTable> tables) {
}
