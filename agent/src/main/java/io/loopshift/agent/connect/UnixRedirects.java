package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.UnixCalls;

import java.lang.invoke.MethodHandle;

/**
 * What {@code unix:} routes share across the process: the table of redirected sockets and the
 * answers given for them. Created once; its hooks are installed only when a unix: route exists.
 */
public final class UnixRedirects {
    private final RedirectTable table = new RedirectTable();
    private final UnixSocketAnswers answers = new UnixSocketAnswers(table);

    RedirectTable table() {
        return table;
    }

    /** Fails at start-up, not on a connect, when a JDK internal the redirect needs is missing. */
    public static void verifyJdkAccess() {
        UnixCalls.verify();
        SelectorReregistration.verify();
        ConnectTargets.verify();
    }

    public MethodHandle localAddressHandle() throws ReflectiveOperationException {
        return answers.localAddressHandle();
    }

    public MethodHandle setOptionHandle() throws ReflectiveOperationException {
        return answers.setOptionHandle();
    }

    public MethodHandle getOptionHandle() throws ReflectiveOperationException {
        return answers.getOptionHandle();
    }
}
