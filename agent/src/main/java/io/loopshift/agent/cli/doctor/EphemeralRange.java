package io.loopshift.agent.cli.doctor;

/**
 * {@code net.ipv4.ip_local_port_range} (IPv6 uses it too): the inclusive range of local ports the
 * kernel picks from when a socket connects without binding a port.
 */
record EphemeralRange(int first, int last) {

    /** Parses the file's {@code "32768\t60999"}. */
    static EphemeralRange parse(String text, String file) throws DoctorException {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new DoctorException(file + " holds '" + text.trim() + "', expected two port numbers such as '32768 60999'");
        }
        int first = port(parts[0], text, file);
        int last = port(parts[1], text, file);
        if (first > last) {
            throw new DoctorException(file + " holds '" + text.trim() + "', whose first port is above its last");
        }
        return new EphemeralRange(first, last);
    }

    private static int port(String part, String text, String file) throws DoctorException {
        if (part.isEmpty() || part.length() > 5) {
            throw notAPort(text, file);
        }
        for (int i = 0; i < part.length(); i++) {
            if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                throw notAPort(text, file);
            }
        }
        int port = Integer.parseInt(part);
        if (port < 1 || port > 65535) {
            throw notAPort(text, file);
        }
        return port;
    }

    private static DoctorException notAPort(String text, String file) {
        return new DoctorException(file + " holds '" + text.trim() + "', which is not two ports between 1 and 65535");
    }

    int size() {
        return last - first + 1;
    }

    boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
