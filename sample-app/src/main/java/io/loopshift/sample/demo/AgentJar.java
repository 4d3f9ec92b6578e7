package io.loopshift.sample.demo;

import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.process.JavaCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds loopshift-agent.jar: {@code --agent}, else where the build puts it next to the sample jar. */
final class AgentJar {
    /** From sample-app/target to agent/target in the source tree. */
    static final String BESIDE_SAMPLE = "../../agent/target/loopshift-agent.jar";

    private AgentJar() {
    }

    static Path locate(String explicit) throws UsageException {
        Path candidate;
        if (explicit != null) {
            candidate = Paths.get(explicit);
        } else {
            Path sampleJar = JavaCommand.sampleJar();
            if (sampleJar == null) {
                throw new UsageException("demo: not running from loopshift-sample.jar, so the agent jar cannot be found beside it; give --agent <path>");
            }
            candidate = sampleJar.getParent().resolve(BESIDE_SAMPLE);
        }
        candidate = candidate.toAbsolutePath().normalize();
        if (!Files.isRegularFile(candidate)) {
            throw new UsageException("demo: agent jar " + candidate + " not found; build it with 'mvn -B -q package -DskipTests' or give --agent <path>");
        }
        return candidate;
    }
}
