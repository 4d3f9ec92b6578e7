package io.loopshift.agent.config;

/** What a route does with a matching connect. */
public sealed interface Action permits Action.Source, Action.Dest, Action.Unix {

    /** The word before the colon, as written in {@code loopshift.routes}. */
    String kind();

    /**
     * True when the action can carry a connect to ::1. The pools are IPv4: an IPv4 source cannot
     * be bound for an IPv6 destination, and a server on ::1 is a different socket from any on
     * 127.x, so rotating ::1 onto them would change the destination without a word.
     */
    boolean servesIpv6Destinations();

    /** Bind the client to the next pool address before connecting; the destination is unchanged. */
    record Source(AddressPool pool) implements Action {
        public String kind() {
            return "source";
        }

        public boolean servesIpv6Destinations() {
            return false;
        }

        @Override
        public String toString() {
            return "source:" + pool;
        }
    }

    /** Connect to the next pool address instead of the original destination, same port. */
    record Dest(AddressPool pool) implements Action {
        public String kind() {
            return "dest";
        }

        public boolean servesIpv6Destinations() {
            return false;
        }

        @Override
        public String toString() {
            return "dest:" + pool;
        }
    }

    /** Connect to a Unix domain socket at an absolute path instead of TCP. */
    record Unix(String path) implements Action {
        public String kind() {
            return "unix";
        }

        public boolean servesIpv6Destinations() {
            return true;
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }
}
