package io.loopshift.sample;

import io.loopshift.sample.backend.BackendCommand;
import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.demo.DemoCommand;
import io.loopshift.sample.load.LoadCommand;
import io.loopshift.sample.proxy.ProxyCommand;
import io.loopshift.sample.scenario.ScenarioCommand;

import java.util.Arrays;

/** Entry point of loopshift-sample.jar: backend, proxy, load and demo subcommands. */
public final class SampleMain {
    private SampleMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "backend" -> BackendCommand.run(rest);
                case "proxy" -> ProxyCommand.run(rest);
                case "load" -> LoadCommand.run(rest);
                case "demo" -> DemoCommand.run(rest);
                // Hidden: one run of backend + proxy + load, started by demo and the tests inside a network namespace.
                case ScenarioCommand.NAME -> ScenarioCommand.run(rest);
                default -> throw new UsageException("unknown subcommand '" + args[0] + "'");
            };
        } catch (UsageException bad) {
            System.err.println("loopshift-sample: " + bad.getMessage());
            usage();
            return 2;
        } catch (Exception failure) {
            System.err.println("loopshift-sample " + args[0] + " failed: " + failure);
            failure.printStackTrace();
            return 1;
        }
    }

    private static void usage() {
        System.err.println(String.join(System.lineSeparator(),
                "usage: java -jar loopshift-sample.jar <subcommand> [options]",
                "  " + DemoCommand.USAGE,
                "      runs backend + proxy + load without the agent, with source: and with unix:, then with real nginx as the",
                "      proxy over TCP and over a Unix socket (loopshift.listen in the backend), each in a private network",
                "      namespace with a small port range, then prints a table and writes a chart",
                "  " + BackendCommand.USAGE,
                "  " + ProxyCommand.USAGE,
                "  " + LoadCommand.USAGE));
    }
}
