package io.callpath.cli;

import java.util.function.Supplier;

/**
 * A mistake in what the user gave a command or where it runs (an option, a caller model file, a database that refuses
 * the connection): printed as its one-line message, with no stack trace. Anything else that escapes a command is a bug and keeps its trace ({@link UserErrorHandler}).
 */
final class UserInputException extends RuntimeException {

    UserInputException(String message) {
        super(message);
    }

    /**
     * {@code reading}'s result; an IllegalArgumentException it throws becomes this exception. Only for code that
     * checks what the user gave (a parser of their file, the settings built from their options): elsewhere an
     * IllegalArgumentException is a bug and must keep its trace.
     */
    static <T> T from(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (IllegalArgumentException refused) {
            throw new UserInputException(refused.getMessage());
        }
    }
}
