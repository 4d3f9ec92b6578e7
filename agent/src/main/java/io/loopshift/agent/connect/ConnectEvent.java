package io.loopshift.agent.connect;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * {@code loopshift.Connect}: one rewritten connect, in any JFR recording. Enabled by default with
 * a 10 us threshold: a loopback connect takes 20-100 us, so recordings show practically every
 * rewrite; without a recording it costs a check.
 */
@Name("loopshift.Connect")
@Label("loopshift Connect")
@Category({"loopshift"})
@Description("A connect to a loopback address rewritten by a loopshift route")
@Enabled(true)
@Threshold("10 us")
@StackTrace(false)
public final class ConnectEvent extends Event {
    @Label("Transport")
    @Description("Which socket code made the connect: jdk (Socket, SocketChannel, AsynchronousSocketChannel) or netty-epoll")
    public String transport;

    @Label("Route")
    public String route;

    @Label("Action")
    public String action;

    @Label("Original address")
    public String original;

    @Label("Rewritten to")
    public String rewritten;

    @Label("Outcome")
    public String outcome;
}
