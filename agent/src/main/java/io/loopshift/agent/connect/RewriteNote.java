package io.loopshift.agent.connect;

/**
 * Where the current thread's last rewrite went (the source bound, the destination chosen, or the
 * Unix path), noted by the connectors for the JFR event. One reusable object per thread; only
 * references are stored, and text is built only while a recording wants the event.
 */
public final class RewriteNote {
    private static final ThreadLocal<RewriteNote> CURRENT = new ThreadLocal<>() {
        @Override
        protected RewriteNote initialValue() {
            return new RewriteNote();
        }
    };

    private Object target;
    private boolean fellBack;

    static RewriteNote current() {
        return CURRENT.get();
    }

    void clear() {
        target = null;
        fellBack = false;
    }

    public void target(Object where) {
        target = where;
    }

    public void fellBack() {
        fellBack = true;
    }

    String describe() {
        String where = target instanceof java.net.InetAddress ? ((java.net.InetAddress) target).getHostAddress() : String.valueOf(target);
        return fellBack ? where + " (fell back to the original)" : where;
    }
}
