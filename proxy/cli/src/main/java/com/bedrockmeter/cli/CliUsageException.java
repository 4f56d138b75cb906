package com.bedrockmeter.cli;

/** The command line itself is wrong (unknown command or flag, missing flag or value): exit code 2. */
final class CliUsageException extends RuntimeException {
    CliUsageException(String message) {
        super(message);
    }
}
