package io.loopshift.sample.http;

import java.util.List;

/** One header line. Names compare case-insensitively, as HTTP says. */
public record Header(String name, String value) {

    /** The value of the first header called {@code name}, or null. */
    public static String first(List<Header> headers, String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return null;
    }

    /** True when a {@code Connection} header lists {@code close}. */
    public static boolean asksToClose(List<Header> headers) {
        String connection = first(headers, "Connection");
        if (connection == null) {
            return false;
        }
        for (String option : connection.split(",")) {
            if (option.trim().equalsIgnoreCase("close")) {
                return true;
            }
        }
        return false;
    }
}
