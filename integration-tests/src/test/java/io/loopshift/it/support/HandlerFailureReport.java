package io.loopshift.it.support;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only agent that {@link ChildJvm} gives every child JVM: at exit it writes how many
 * failures the loopshift agent's handlers counted ({@code sun.nio.ch.LoopshiftHooks}), and the
 * last one, to the file named by its argument, so every integration test asserts there were none
 * (as OpenTelemetry's test runner fails a class on any advice failure). It opens
 * {@code sun.nio.ch} to its own module only, the application class loader's, never to the agent's.
 */
public final class HandlerFailureReport {
    static final String HOOKS = "sun.nio.ch.LoopshiftHooks";

    private HandlerFailureReport() {
    }

    public static void premain(String reportFile, Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        Map<String, Set<Module>> toMe = Map.of("sun.nio.ch", Set.of(HandlerFailureReport.class.getModule()));
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), toMe, Set.of(), Map.of());
        Path report = Path.of(reportFile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(report), "loopshift-handler-failure-report"));
    }

    private static void write(Path report) {
        String text;
        try {
            Class<?> hooks = Class.forName(HOOKS, false, null);
            long count = ((AtomicLong) hooks.getField("HANDLER_FAILURES").get(null)).get();
            Field last = hooks.getField("lastHandlerFailure");
            Object failure = last.get(null);
            text = "count=" + count + "\nlast=" + (failure == null ? "" : failure) + "\n";
        } catch (ClassNotFoundException noAgent) {
            text = "count=0\nlast=\nhooks=absent\n";
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            text = "count=-1\nlast=unreadable: " + unreadable + "\n";
        }
        try {
            Files.writeString(report, text, StandardCharsets.UTF_8);
        } catch (IOException cannotWrite) {
            System.err.println("handler failure report not written: " + cannotWrite);
        }
    }

    /** The count in a report file, -1 when unreadable; and the text, for the assertion message. */
    static long count(String reportText) {
        for (String line : reportText.split("\n")) {
            if (line.startsWith("count=")) {
                return Long.parseLong(line.substring("count=".length()).trim());
            }
        }
        return -1;
    }
}
