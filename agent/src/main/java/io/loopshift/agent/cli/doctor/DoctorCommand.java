package io.loopshift.agent.cli.doctor;

import java.io.PrintStream;
import java.nio.ByteOrder;
import java.util.List;

/**
 * {@code java -jar loopshift-agent.jar doctor [--json] [--proc DIR]}. Returns the exit code: that
 * of the worst {@link Verdict} (0 ok, 1 warning, 2 critical), or {@link #CANNOT_RUN} when the
 * files cannot be read or an option is wrong.
 */
public final class DoctorCommand {
    /** UNKNOWN in the monitoring-check convention the verdict codes follow. */
    public static final int CANNOT_RUN = 3;

    private DoctorCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        // The kernel prints the addresses in the byte order of the machine it runs on: ours.
        return run(args, out, err, ByteOrder.nativeOrder());
    }

    static int run(String[] args, PrintStream out, PrintStream err, ByteOrder procByteOrder) {
        try {
            DoctorOptions options = DoctorOptions.parse(args);
            if (options.help()) {
                usage(out);
                return 0;
            }
            SocketTableParser parser = new SocketTableParser(new ProcAddressDecoder(procByteOrder));
            Diagnosis diagnosis = Diagnosis.of(new ProcReader(options.procRoot(), parser).read());
            List<LoopshiftListeners.Listening> listening = LoopshiftListeners.scan(options.procRoot());
            if (options.json()) {
                JsonReport.print(diagnosis, listening, out);
            } else {
                TextReport.print(diagnosis, out);
                TextReport.printListening(listening, out);
            }
            out.flush();
            return diagnosis.exitCode();
        } catch (DoctorException e) {
            err.println("loopshift doctor: " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: java -jar loopshift-agent.jar doctor [--json] [--proc DIR]");
        out.println();
        out.println("Counts the ephemeral ports held by connections to loopback addresses, for each source, destination");
        out.println("and port, from /proc/net/tcp, /proc/net/tcp6, ip_local_port_range and tcp_tw_reuse, and names the");
        out.println("loopshift route that would relieve each destination that is running out. Run it in the");
        out.println("application's network namespace (inside its container). Then lists the Unix sockets that");
        out.println("JVMs running loopshift listen on (loopshift.listen), if there are any.");
        out.println();
        out.println("  --json      print JSON instead of a table");
        out.println("  --proc DIR  read DIR/net/tcp, DIR/sys/net/ipv4/... instead of /proc");
        out.println();
        out.println("Exit code: 0 all ok, 1 a warning (50-80% held), 2 something critical (over 80% held),");
        out.println("3 the doctor could not run.");
    }
}
