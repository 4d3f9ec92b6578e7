package io.loopshift.agent.cli;

import io.loopshift.agent.cli.doctor.DoctorCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar loopshift-agent.jar}: prints usage and the version, and runs the commands
 * (attach, detach, status, check, doctor). Every command answers {@code --help}; a command given
 * the wrong number of arguments prints its own usage and exits 2.
 */
public final class LoopshiftCli {
    private static final String JAR = "java -jar loopshift-agent.jar";

    private LoopshiftCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0]) || args[0].equals("help")) {
            usage(out);
            return AttachCommand.OK;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (command.equals("--version") || command.equals("version")) {
            out.println("loopshift " + Version.get());
            return AttachCommand.OK;
        }
        if (command.equals("doctor")) {
            return DoctorCommand.run(rest.toArray(new String[0]), out, err);
        }
        String usage = commandUsage(command);
        if (usage == null) {
            err.println("loopshift: unknown command '" + command + "'");
            usage(err);
            return AttachCommand.USAGE;
        }
        if (rest.stream().anyMatch(LoopshiftCli::isHelp)) {
            out.println(usage);
            return AttachCommand.OK;
        }
        switch (command) {
            case "attach":
                if (rest.size() == 1 || rest.size() == 2) {
                    return new AttachCommand(out, err).attach(rest.get(0), rest.size() == 2 ? rest.get(1) : "");
                }
                break;
            case "detach":
                if (rest.size() == 1) {
                    return new AttachCommand(out, err).detach(rest.get(0));
                }
                break;
            case "status":
                boolean json = rest.contains("--json");
                List<String> targets = rest.stream().filter(arg -> !arg.equals("--json")).toList();
                if (targets.size() == 1) {
                    return new StatusCommand(out, err).run(targets.get(0), json);
                }
                break;
            default:
                if (rest.size() == 2 && rest.get(0).equals("--config")) {
                    return new CheckCommand(out, err).configFile(rest.get(1));
                }
                if (rest.size() == 1 && !rest.get(0).startsWith("-")) {
                    return new CheckCommand(out, err).routes(rest.get(0));
                }
                break;
        }
        err.println("loopshift: " + command + ": " + (rest.isEmpty() ? "missing arguments" : "wrong arguments " + rest));
        err.println(usage);
        return AttachCommand.USAGE;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** The usage of one command, or null for an unknown one. */
    static String commandUsage(String command) {
        switch (command) {
            case "attach":
                return "usage: " + JAR + " attach <pid|name> [key=value,...]\n"
                        + "  Loads loopshift into a running JVM, or replaces all its routes at once. <name> is the main class or\n"
                        + "  jar of a JVM of this user, as jcmd shows it. The settings are checked before anything is attached.\n"
                        + "  e.g. attach 4242 'routes=127.0.0.1:3000->source:127.0.1.0/24,log=info'\n"
                        + "  On JDK 21+ the target prints a warning that an agent was loaded dynamically;\n"
                        + "  start it with -XX:+EnableDynamicAgentLoading to allow it silently.\n"
                        + "  exit: 0 attached, 1 failed, 2 bad arguments or an ambiguous name";
            case "detach":
                return "usage: " + JAR + " detach <pid|name>\n"
                        + "  Stops rewriting in that JVM (same as attach <pid> enabled=false); a later attach resumes.\n"
                        + "  exit: 0 detached, 1 failed, 2 bad arguments or an ambiguous name";
            case "status":
                return "usage: " + JAR + " status <pid|name> [--json]\n"
                        + "  Prints the routes, where each setting came from, the counters of each route and the fallback\n"
                        + "  setting of loopshift in a running JVM, read through its local JMX connector.\n"
                        + "  exit: 0 active, 1 could not read, 2 bad arguments or an ambiguous name, 3 loopshift not active there";
            case "check":
                return "usage: " + JAR + " check '<routes>'\n"
                        + "       " + JAR + " check --config <file>\n"
                        + "  Parses routes as the agent would and prints the table it would apply; offline, nothing is attached.\n"
                        + "  exit: 0 valid, 2 invalid (the message is the agent's)";
            default:
                return null;
        }
    }

    static void usage(PrintStream out) {
        out.println("loopshift " + Version.get() + " - keeps a JVM's connections to localhost clear of ephemeral-port exhaustion");
        out.println();
        out.println("As an agent:");
        out.println("  java -javaagent:loopshift-agent.jar -Dloopshift.routes='127.0.0.1:3000->source:127.0.1.0/24' -jar app.jar");
        out.println("  or LOOPSHIFT_ROUTES='127.0.0.1:3000->source:127.0.1.0/24' with JAVA_TOOL_OPTIONS=-javaagent:/path/loopshift-agent.jar");
        out.println();
        out.println("Commands (each takes --help):");
        out.println("  " + JAR + " attach <pid|name> [key=value,...]   load into a running JVM, or replace its routes");
        out.println("  " + JAR + " detach <pid|name>                   stop rewriting in that JVM");
        out.println("  " + JAR + " status <pid|name> [--json]          routes, counters and fallback of a running JVM");
        out.println("  " + JAR + " check '<routes>' | --config <file>  validate routes offline and print the table");
        out.println("  " + JAR + " doctor [--json]                     how full the ephemeral range is per loopback destination");
        out.println("  " + JAR + " --version                           print the version");
        out.println("  " + JAR + " --help                              print this text");
    }
}
