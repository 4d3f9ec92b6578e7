package io.loopshift.agent.config;

/** Parsing of the {@code /prefix} part of a CIDR. */
final class Cidr {
    private Cidr() {
    }

    static int parsePrefix(String text, String property, String route, String cidr) throws ConfigException {
        return parsePrefix(text, property, "route", route, cidr);
    }

    static int parsePrefix(String text, String property, String rule, String route, String cidr) throws ConfigException {
        String trimmed = text.trim();
        if (!Digits.isNumber(trimmed, 2)) {
            throw new ConfigException(property, "'" + cidr + "' in " + rule + " '" + route + "' has no valid prefix length (0-32)");
        }
        int prefix = Integer.parseInt(trimmed);
        if (prefix > 32) {
            throw new ConfigException(property, "'" + cidr + "' in " + rule + " '" + route + "' has prefix length " + prefix + " (max 32)");
        }
        return prefix;
    }
}
