package io.loopshift.agent.cli.doctor;

/** The doctor cannot answer: a file it needs is missing or unreadable, or an option is wrong. The message says which. */
final class DoctorException extends Exception {
    private static final long serialVersionUID = 1L;

    DoctorException(String message) {
        super(message);
    }

    DoctorException(String message, Throwable cause) {
        super(message, cause);
    }
}
