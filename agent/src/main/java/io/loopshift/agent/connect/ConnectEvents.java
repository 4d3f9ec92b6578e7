package io.loopshift.agent.connect;

/**
 * Emits {@link ConnectEvent}s where the JDK has JFR (a jlinked runtime may not): callers hold
 * events as Object, so nothing outside this class makes the JVM load the event class. With no
 * recording running, {@link #begin()} is one check and returns null.
 */
public final class ConnectEvents {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static final Object PROBE = AVAILABLE ? Jfr.newEvent() : null;

    private ConnectEvents() {
    }

    /** A started event while a recording wants it, else null. */
    public static Object begin() {
        if (PROBE == null || !Jfr.isEnabled(PROBE)) {
            return null;
        }
        return Jfr.begin();
    }

    public static void commit(Object event, String transport, String route, String action, String original, String rewritten, String outcome) {
        if (event != null) {
            Jfr.commit(event, transport, route, action, original, rewritten, outcome);
        }
    }

    /** The only code that names the event class. */
    private static final class Jfr {
        static Object newEvent() {
            return new ConnectEvent();
        }

        static boolean isEnabled(Object probe) {
            return ((ConnectEvent) probe).isEnabled();
        }

        static Object begin() {
            ConnectEvent event = new ConnectEvent();
            event.begin();
            return event;
        }

        static void commit(Object started, String transport, String route, String action, String original, String rewritten, String outcome) {
            ConnectEvent event = (ConnectEvent) started;
            event.end();
            if (event.shouldCommit()) {
                event.transport = transport;
                event.route = route;
                event.action = action;
                event.original = original;
                event.rewritten = rewritten;
                event.outcome = outcome;
                event.commit();
            }
        }
    }
}
