package io.loopshift.sample.cli;

/** A command line that cannot be run; the message says what is wrong and is shown with the usage. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
