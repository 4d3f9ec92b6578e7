package io.loopshift.launcher;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of {@code -javaagent} (premain), attach (agentmain) and {@code java -jar} (main).
 * It catches broad exception types and tells them apart with {@code instanceof}: each type a
 * {@code catch} names is loaded when the class is verified, before premain runs.
 * Compiled for Java 8 and using only Java 8 API, because an older JVM reads this class before
 * anything can be checked: a class file it cannot read would stop the JVM
 * ({@code UnsupportedClassVersionError}), and an agent must never be why a service does not start.
 * So it checks the Java version first, with nothing else loaded, and on Java 17 or later hands
 * over to {@code io.loopshift.launcher.isolated.IsolatedLauncher} by name.
 */
public final class AgentLauncher {
    static final int MINIMUM_FEATURE = 17;
    private static final String NEXT = "io.loopshift.launcher.isolated.IsolatedLauncher";

    private AgentLauncher() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        if (supported()) {
            call("premain", arguments, instrumentation);
        }
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        if (supported()) {
            call("agentmain", arguments, instrumentation);
        }
    }

    public static void main(String[] args) throws Throwable {
        if (!supported()) {
            System.exit(1);
        }
        try {
            Class.forName(NEXT).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (Exception failure) {
            throw failure instanceof InvocationTargetException ? failure.getCause() : failure;
        }
    }

    private static void call(String method, String arguments, Instrumentation instrumentation) {
        try {
            Class.forName(NEXT).getMethod(method, String.class, Instrumentation.class).invoke(null, arguments, instrumentation);
        } catch (Throwable failure) {
            Throwable cause = failure instanceof InvocationTargetException ? failure.getCause() : failure;
            System.err.println("[loopshift] ERROR could not load the agent from its jar: " + cause
                    + " -- loopshift is disabled; the JVM continues without it");
        }
    }

    /** True on Java 17 or later; otherwise prints the one line that says so. */
    private static boolean supported() {
        String version;
        try {
            version = System.getProperty("java.specification.version");
        } catch (RuntimeException notGranted) {
            // A SecurityException: a SecurityManager whose policy grants the agent jar nothing; on 17+ the next step names the grant.
            if (!introducedInJava17()) {
                System.err.println("[loopshift] ERROR this JVM is older than Java " + MINIMUM_FEATURE
                        + "; loopshift needs Java " + MINIMUM_FEATURE + " or later -- the JVM continues without loopshift");
                return false;
            }
            version = String.valueOf(MINIMUM_FEATURE);
        }
        String refusal = refusal(version);
        if (refusal != null) {
            System.err.println(refusal);
        }
        return refusal == null;
    }

    /** Asks no permission: a class of java.base that Java 17 added. */
    private static boolean introducedInJava17() {
        try {
            Class.forName("java.util.HexFormat");
            return true;
        } catch (ClassNotFoundException older) {
            return false;
        }
    }

    /** The line printed on a JVM older than 17, or null when this one is supported. */
    static String refusal(String specificationVersion) {
        int feature = feature(specificationVersion);
        if (feature == 0 || feature >= MINIMUM_FEATURE) {
            // An unreadable version is no reason to refuse: the agent's own checks come next.
            return null;
        }
        return "[loopshift] ERROR this JVM is Java " + feature
                + "; loopshift needs Java " + MINIMUM_FEATURE + " or later -- the JVM continues without loopshift";
    }

    /** "1.8" is 8, "11" is 11; 0 when unreadable. */
    static int feature(String specificationVersion) {
        if (specificationVersion == null) {
            return 0;
        }
        String text = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int end = text.indexOf('.') < 0 ? text.length() : text.indexOf('.');
        if (end == 0 || end > 4) {
            return 0;
        }
        int feature = 0;
        for (int i = 0; i < end; i++) {
            char digit = text.charAt(i);
            if (digit < '0' || digit > '9') {
                return 0;
            }
            feature = feature * 10 + (digit - '0');
        }
        return feature;
    }
}
