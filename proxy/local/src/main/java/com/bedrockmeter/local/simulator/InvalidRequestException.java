package com.bedrockmeter.local.simulator;

/** A request that Bedrock would refuse; the message is Bedrock's ValidationException message. */
final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
