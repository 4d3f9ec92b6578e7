package io.loopshift.agent.config;

/**
 * What a route does with a matching connect. Code that acts differently per kind goes through
 * {@link #match(Cases)}, one dispatch instead of {@code instanceof} chains: a new kind of action
 * does not compile until every place handles it.
 */
public sealed interface Action permits Action.Source, Action.Dest, Action.Unix, Action.Ignore {

    /** The word before the colon, as written in {@code loopshift.routes}. */
    String kind();

    /**
     * True when the action can carry a connect to ::1. The pools are IPv4: an IPv4 source cannot
     * be bound for an IPv6 destination, and a server on ::1 is a different socket from any on
     * 127.x, so rotating ::1 onto them would change the destination without a word.
     */
    default boolean servesIpv6Destinations() {
        return true;
    }

    /** The pool a {@code source:} or {@code dest:} route rotates through; null for {@code unix:}. */
    default AddressPool pool() {
        return null;
    }

    <R> R match(Cases<R> cases);

    /** One method per kind of action. */
    interface Cases<R> {
        R source(AddressPool pool);

        R dest(AddressPool pool);

        R unix(String path);

        R ignore();
    }

    /** Bind the client to the next pool address before connecting; the destination is unchanged. */
    record Source(AddressPool pool) implements Action {
        public String kind() {
            return "source";
        }

        public boolean servesIpv6Destinations() {
            return false;
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.source(pool);
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
        public <R> R match(Cases<R> cases) {
            return cases.dest(pool);
        }

        @Override
        public String toString() {
            return "dest:" + pool;
        }
    }

    /** Leave the connect as the application made it: excludes a destination from a later, wider route. */
    record Ignore() implements Action {
        public String kind() {
            return "ignore";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.ignore();
        }

        @Override
        public String toString() {
            return "ignore";
        }
    }

    /** Connect to a Unix domain socket at an absolute path instead of TCP. */
    record Unix(String path) implements Action {
        public String kind() {
            return "unix";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.unix(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }
}
