package io.loopshift.agent.cli;

import io.loopshift.agent.doctor.DoctorCommand;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar loopshift-agent.jar}: prints usage and the version, and runs the commands (attach, detach, doctor). */
public final class LoopshiftCli {
    private LoopshiftCli() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(System.out);
            return;
        }
        if (args[0].equals("--version") || args[0].equals("version")) {
            System.out.println("loopshift " + Version.get());
            return;
        }
        if (args[0].equals("attach") && (args.length == 2 || args.length == 3)) {
            System.exit(new AttachCommand(System.out, System.err).attach(args[1], args.length == 3 ? args[2] : ""));
        }
        if (args[0].equals("detach") && args.length == 2) {
            System.exit(new AttachCommand(System.out, System.err).detach(args[1]));
        }
        if (args[0].equals("doctor")) {
            System.exit(DoctorCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        System.err.println("loopshift: unknown command '" + args[0] + "'");
        usage(System.err);
        System.exit(2);
    }

    static void usage(PrintStream out) {
        out.println("loopshift " + Version.get() + " - keeps a JVM's connections to localhost clear of ephemeral-port exhaustion");
        out.println();
        out.println("As an agent:");
        out.println("  java -javaagent:loopshift-agent.jar -Dloopshift.routes='127.0.0.1:3000->source:127.0.1.0/24' -jar app.jar");
        out.println();
        out.println("Commands:");
        out.println("  java -jar loopshift-agent.jar attach <pid> [key=value,...]");
        out.println("        load loopshift into a running JVM, or replace its routes at once, e.g.");
        out.println("        attach 4242 'routes=127.0.0.1:3000->source:127.0.1.0/24,log=info'");
        out.println("  java -jar loopshift-agent.jar detach <pid>");
        out.println("        stop rewriting in that JVM (same as attach <pid> enabled=false)");
        out.println("  java -jar loopshift-agent.jar doctor [--json]");
        out.println("        show how full the ephemeral range is for each loopback destination (--help for more)");
        out.println("  java -jar loopshift-agent.jar --version   print the version");
        out.println("  java -jar loopshift-agent.jar --help      print this text");
    }
}
