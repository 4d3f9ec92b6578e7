package io.loopshift.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The transformers one start of the agent registered, kept so that a start that fails after
 * weaving takes them back: otherwise the next attach adds a second transformer, which finds the
 * JDK's classes already woven by the first and fails. Each hook set is woven at most once.
 */
public final class WovenHooks {
    private final Instrumentation instrumentation;
    private final List<ClassFileTransformer> transformers = new ArrayList<>();
    private final Set<String> wovenClasses = new LinkedHashSet<>();
    private boolean connect;
    private boolean unix;

    public WovenHooks(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Weaves the connect hook unless it is woven already. */
    public void weaveConnect() throws Exception {
        if (!connect) {
            add(NetInstrumentation.CONNECT);
            connect = true;
        }
    }

    /** Weaves the hooks of unix: routes unless they are woven already; with the connect hook in one pass when both are missing. */
    public void weaveUnix() throws Exception {
        if (unix) {
            return;
        }
        if (!connect) {
            List<Hook> all = new ArrayList<>(NetInstrumentation.CONNECT);
            all.addAll(NetInstrumentation.UNIX);
            add(all);
            connect = true;
        } else {
            add(NetInstrumentation.UNIX);
        }
        unix = true;
    }

    public boolean unixWoven() {
        return unix;
    }

    private void add(List<Hook> hooks) throws Exception {
        transformers.add(NetInstrumentation.install(instrumentation, hooks));
        for (Hook hook : hooks) {
            wovenClasses.add(hook.owner().replace('/', '.'));
        }
    }

    /**
     * Removes every transformer registered here and retransforms the classes they wove, which
     * puts the JDK's own code back. Returns what could not be undone, or null.
     */
    public String undo() {
        for (ClassFileTransformer transformer : transformers) {
            instrumentation.removeTransformer(transformer);
        }
        transformers.clear();
        connect = false;
        unix = false;
        if (wovenClasses.isEmpty()) {
            return null;
        }
        try {
            List<Class<?>> classes = new ArrayList<>();
            for (String name : wovenClasses) {
                classes.add(Class.forName(name, false, null));
            }
            wovenClasses.clear();
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
            return null;
        } catch (Throwable failure) {
            // The hooks stay in the JDK's classes with empty slots: the JDK's own behaviour.
            return failure.toString();
        }
    }
}
