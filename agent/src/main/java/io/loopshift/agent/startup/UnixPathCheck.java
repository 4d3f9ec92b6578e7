package io.loopshift.agent.startup;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.PortPlaceholder;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.log.AgentLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Warns at start-up about {@code unix:} paths that are not a socket yet. Only a warning: servers
 * often start after their clients, and the fallback handles the gap.
 */
public final class UnixPathCheck {
    private UnixPathCheck() {
    }

    public static void warnAboutMissingSockets(List<Route> routes) {
        for (Route route : routes) {
            if (!(route.action() instanceof Action.Unix unix)) {
                continue;
            }
            if (PortPlaceholder.isTemplate(unix.path())) {
                continue;  // one socket per port: nothing to look at before a connect names the port
            }
            Path path = Paths.get(unix.path());
            String name = route.name();
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (!attributes.isOther()) {
                    AgentLog.warn(name + ": " + path + " exists but is not a socket");
                }
            } catch (IOException missing) {
                AgentLog.warn(name + ": Unix socket " + path + " does not exist yet; connects use loopshift.fallback until it does");
            }
        }
    }
}
