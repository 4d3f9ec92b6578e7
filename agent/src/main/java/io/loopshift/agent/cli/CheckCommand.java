package io.loopshift.agent.cli;

import io.loopshift.agent.cli.doctor.TextTable;
import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.ConfigException;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.config.SettingsReader;

import java.io.PrintStream;
import java.util.Properties;

/**
 * {@code check '<routes>'} or {@code check --config <file>}: parses routes exactly as the agent
 * would and prints the table it would apply, offline: nothing is attached and no address is bound
 * (the agent checks that pool addresses exist when it starts).
 */
final class CheckCommand {
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int routes(String routes) {
        return check("routes=" + routes, new Properties());
    }

    int configFile(String path) {
        Properties properties = new Properties();
        properties.setProperty("loopshift.config", path);
        return check(null, properties);
    }

    private int check(String agentArguments, Properties properties) {
        AgentSettings settings;
        try {
            settings = SettingsReader.forThisPlatform().read(properties, agentArguments);
        } catch (ConfigException bad) {
            err.println("loopshift: " + bad.getMessage());
            return AttachCommand.USAGE;
        }
        if (!settings.hasRoutes()) {
            err.println("loopshift: no routes given");
            return AttachCommand.USAGE;
        }
        TextTable table = new TextTable(new String[] {"#", "MATCH", "ACTION", "WHAT A MATCHING CONNECT DOES"}, new boolean[] {true, false, false, false});
        for (Route route : settings.routes()) {
            table.add(Integer.toString(route.index()), route.match(), route.action().kind(), describe(route.action(), settings));
        }
        table.print(out);
        out.println();
        out.println("valid: " + settings.routes().size() + (settings.routes().size() == 1 ? " route" : " routes")
                + ", first match wins; connects that match none are untouched");
        return AttachCommand.OK;
    }

    private static String describe(Action action, AgentSettings settings) {
        if (action instanceof Action.Source source) {
            return "binds the next source address of " + source.pool().describe();
        }
        if (action instanceof Action.Dest dest) {
            return "connects to the next address of " + dest.pool().describe() + ", same port";
        }
        if (action instanceof Action.Unix unix) {
            return "connects to Unix socket " + unix.path() + " (fallback " + settings.fallback().key() + ")";
        }
        return "nothing: the connect is left as it is";
    }
}
