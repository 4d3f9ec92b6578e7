package io.loopshift.agent.config;

/** What a route does with a matching connect. */
public sealed interface Action permits Action.Source, Action.Dest, Action.Unix, Action.Ignore {

    /** The word before the colon, as written in {@code loopshift.routes}. */
    String kind();

    /** Bind the client to the next pool address before connecting; the destination is unchanged. */
    record Source(AddressPool pool) implements Action {
        public String kind() {
            return "source";
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
        public String toString() {
            return "unix:" + path;
        }
    }
}
