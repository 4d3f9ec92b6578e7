package io.loopshift.it.docs;

import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every {@code ```sh} block of README.md and docs/deploy.md with bash from the repository
 * root, as a user pastes it, so the docs cannot rot. A block preceded by
 * {@code <!-- doc-snippet: skip (reason) -->} is not run (it needs a pid, a cluster or minutes).
 * A run must exit 0, print no loopshift ERROR and no JVM option error; a block that starts a JVM
 * with the agent must show the agent's start-up line.
 */
class DocSnippetsIT {
    /** A bound, not a speed check: some snippets run a nested Maven build of a whole integration test. */
    private static final long SNIPPET_LIMIT_SECONDS = 300;

    static final String SKIP = "<!-- doc-snippet: skip";
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/deploy.md");

    /** One runnable block: where it is, and its text. */
    record Snippet(String where, String script) {
        @Override
        public String toString() {
            return where;
        }
    }

    static Path repositoryRoot() {
        // agent/target/loopshift-agent.jar: three levels below the root
        return ChildJvm.agentJar().toAbsolutePath().getParent().getParent().getParent();
    }

    static List<Snippet> snippets() throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        for (String document : DOCUMENTS) {
            snippets.addAll(runnableBlocks(document, Files.readAllLines(repositoryRoot().resolve(document), StandardCharsets.UTF_8)));
        }
        return snippets;
    }

    static List<Snippet> runnableBlocks(String document, List<String> lines) {
        List<Snippet> blocks = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().equals("```sh")) {
                int start = i + 1;
                StringBuilder script = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).trim().equals("```")) {
                    script.append(lines.get(i)).append('\n');
                }
                if (!previous.trim().startsWith(SKIP)) {
                    blocks.add(new Snippet(document + ":" + start, script.toString()));
                }
            }
            if (!line.trim().isEmpty()) {
                previous = line;
            }
        }
        return blocks;
    }

    @Test
    void theDocumentsHaveRunnableSnippets() throws IOException {
        long readme = snippets().stream().filter(s -> s.where().startsWith("README.md")).count();
        long deploy = snippets().stream().filter(s -> s.where().startsWith("docs/deploy.md")).count();
        assertTrue(readme >= 5, "runnable sh blocks in README.md: " + readme);
        assertTrue(deploy >= 2, "runnable sh blocks in docs/deploy.md: " + deploy);
    }

    @Test
    void theSkipMarkerIsHonoured() {
        List<Snippet> blocks = runnableBlocks("x.md", List.of("<!-- doc-snippet: skip (pid) -->", "```sh", "false", "```", "", "```sh", "true", "```"));
        assertEquals(1, blocks.size());
        assertEquals("true\n", blocks.get(0).script());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void snippetRunsAsPasted(Snippet snippet) throws Exception {
        Path output = Files.createTempFile("loopshift-snippet", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-c", snippet.script())
                    .directory(repositoryRoot().toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> environment = builder.environment();
            // A clean shell: nothing of the caller's loopshift or JVM options, this JDK first on the PATH.
            environment.keySet().removeIf(name -> name.startsWith("LOOPSHIFT_") || name.equals("JAVA_TOOL_OPTIONS"));
            environment.put("PATH", Paths.get(System.getProperty("java.home"), "bin") + File.pathSeparator + environment.getOrDefault("PATH", "/usr/bin:/bin"));
            Process process = builder.start();
            boolean finished = process.waitFor(SNIPPET_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            String context = snippet.where() + ":\n" + snippet.script() + "\noutput:\n" + text;
            assertTrue(finished, "timed out, " + context);
            assertEquals(0, process.exitValue(), "exit code, " + context);
            assertFalse(text.contains("[loopshift] ERROR"), context);
            assertFalse(text.contains("Unrecognized option"), context);
            assertFalse(text.contains("Error: Could not"), context);
            if (snippet.script().contains("-javaagent:")) {
                assertTrue(text.contains("[loopshift] INFO active on Java"), "the agent's start-up line, " + context);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
