package io.loopshift.agent.cli.doctor;

/**
 * {@code net.ipv4.tcp_tw_reuse}: whether connect() may take a port whose connection to the same
 * destination is still in TIME_WAIT. 1 allows it for every destination, 2 (Linux's default) for
 * loopback only, 0 never. The kernel allows it once the TIME_WAIT connection's last timestamp is
 * a second or two old (see {@link TimeWaitAge}; so it also needs {@code tcp_timestamps}, on by
 * default). Every destination the doctor looks at is loopback, so 1 and 2 mean the same here.
 */
record TimeWaitReuse(int value) {

    static TimeWaitReuse parse(String text, String file) throws DoctorException {
        String trimmed = text.trim();
        if (trimmed.length() != 1 || trimmed.charAt(0) < '0' || trimmed.charAt(0) > '9') {
            throw new DoctorException(file + " holds '" + trimmed + "', expected 0, 1 or 2");
        }
        return new TimeWaitReuse(trimmed.charAt(0) - '0');
    }

    /** True when a TIME_WAIT port to loopback is free again for a new connect after about a second. */
    boolean freesLoopbackPorts() {
        return value == 1 || value == 2;
    }

    String explanation() {
        switch (value) {
            case 0:
                return "TIME_WAIT ports stay taken for 60 s after their connection closed, so HELD counts them";
            case 1:
                return "connects reuse a TIME_WAIT port once it is 1-2 s old (all destinations), so HELD counts only TIME_WAIT under 2 s old (TW<2s)";
            case 2:
                return "connects to loopback reuse a TIME_WAIT port once it is 1-2 s old (Linux's default), so HELD counts only TIME_WAIT under 2 s old (TW<2s)";
            default:
                return "unknown value: TIME_WAIT ports are counted as taken";
        }
    }
}
