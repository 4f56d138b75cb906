package com.bedrockmeter.proxy.invoke;

/** Reads a call's usage from a copy of Bedrock's answer as it passes through to the client. */
interface UsageReader {

    void feed(byte[] bytes, int offset, int length);

    long inputTokens();

    long outputTokens();

    /** The exception Bedrock sent in the answer (an event-stream exception frame), or null. */
    String exceptionType();
}
