package io.loopshift.agent.startup;

import io.loopshift.agent.config.AddressPool;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.log.AgentLog;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks at start-up that a few addresses of each pool exist on this machine. Linux has all of
 * 127.0.0.0/8; macOS has only 127.0.0.1 until {@code ifconfig lo0 alias}. A bind of an unconnected
 * socket channel (the class the self-test loads anyway) tests the address, and its close leaves no
 * TIME_WAIT. A route none of whose sampled addresses exist is dropped
 * with a warning that says what to do; it would only turn every connect into an error.
 */
public final class PoolCheck {
    private PoolCheck() {
    }

    /** The routes worth keeping, each pool route having at least one usable sampled address. */
    public static List<Route> usableRoutes(List<Route> routes) {
        List<Route> usable = new ArrayList<>();
        for (Route route : routes) {
            AddressPool pool = route.action().pool();
            if (pool == null) {
                usable.add(route);
                continue;
            }
            List<String> missing = new ArrayList<>();
            int present = 0;
            for (int index : sampleIndexes(pool.size())) {
                Inet4Address address = pool.get(index);
                if (canBind(address)) {
                    present++;
                } else {
                    missing.add(address.getHostAddress());
                }
            }
            String name = route.name();
            if (present == 0) {
                AgentLog.warn(name + " is disabled: none of the pool addresses tried (" + String.join(", ", missing)
                        + ") exists on this machine. On macOS add them first, e.g. sudo ifconfig lo0 alias " + missing.get(0) + " up (one per address).");
            } else {
                if (!missing.isEmpty()) {
                    AgentLog.warn(name + ": pool addresses " + String.join(", ", missing) + " do not exist on this machine; "
                            + "connects skip addresses that cannot be bound. On macOS: sudo ifconfig lo0 alias <address> up.");
                }
                usable.add(route);
            }
        }
        return usable;
    }

    /** The pool positions tried: first, middle and last, each once. */
    static int[] sampleIndexes(int size) {
        if (size < 3) {
            return size == 1 ? new int[] {0} : new int[] {0, 1};
        }
        return new int[] {0, size / 2, size - 1};
    }


    private static boolean canBind(Inet4Address address) {
        try (SocketChannel probe = SocketChannel.open()) {
            probe.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException notLocal) {
            return false;
        }
    }
}
