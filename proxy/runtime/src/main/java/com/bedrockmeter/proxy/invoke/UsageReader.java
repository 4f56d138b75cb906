package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.usage.TokenCounts;

/** Reads a call's usage from a copy of Bedrock's answer as it passes through to the client. */
interface UsageReader {

    void feed(byte[] bytes, int offset, int length);

    /** The tokens the answer reported (so far, for a stream broken off). */
    TokenCounts tokens();

    /** The exception Bedrock sent in the answer (an event-stream exception frame), or null. */
    String exceptionType();
}
