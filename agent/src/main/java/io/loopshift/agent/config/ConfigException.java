package io.loopshift.agent.config;

/**
 * A configuration value loopshift cannot accept. The message names the property and the
 * offending text, so it can be printed as it is.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String property, String message) {
        super(property + ": " + message);
    }
}
