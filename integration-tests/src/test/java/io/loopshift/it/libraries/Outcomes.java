package io.loopshift.it.libraries;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a checker's connections did: how many succeeded, how many failed, and the kernel's word
 * for each failure (the message at the bottom of the library's exception chain, e.g. "Cannot
 * assign requested address"), so a test can tell exhaustion from any other error.
 */
final class Outcomes {
    private static final String[] KERNEL_ERRORS = {"Cannot assign requested address", "Connection refused",
            "Connection reset", "No such file or directory", "Connection timed out"};
    private long ok;
    private long errors;
    private String firstError = "none";
    private final Map<String, Integer> causes = new TreeMap<>();

    void succeeded() {
        ok++;
    }

    void failed(Throwable failure) {
        errors++;
        String cause = rootMessage(failure);
        if (errors == 1) {
            firstError = failure.getClass().getSimpleName() + ":" + cause;
            failure.printStackTrace(System.out);
        }
        causes.merge(cause, 1, Integer::sum);
    }

    long ok() {
        return ok;
    }

    /** Prints {@code RESULT ok=.. errors=.. first_error=.. causes=..}, spaces made underscores so each value is one field. */
    void report() {
        System.out.println("RESULT ok=" + ok + " errors=" + errors + " first_error=" + oneField(firstError)
                + " causes=" + oneField(causes.toString()));
    }

    /** The kernel's error where one appears in the chain (libraries wrap it, Netty adds "connect(..) failed:"), else the innermost message. */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        for (Throwable link = failure; link != null; link = link.getCause() == link ? null : link.getCause()) {
            String message = String.valueOf(link.getMessage());
            for (String kernel : KERNEL_ERRORS) {
                if (message.contains(kernel)) {
                    return kernel;
                }
            }
            root = link;
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String oneField(String text) {
        return text.replace(' ', '_').replace('\n', '_');
    }
}
