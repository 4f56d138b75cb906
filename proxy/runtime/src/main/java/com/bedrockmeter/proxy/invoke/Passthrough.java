package com.bedrockmeter.proxy.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Function;

/**
 * The Bedrock operations the proxy passes through byte for byte ({@link BedrockStreams}), each with the path it
 * calls, whether its answer is an event stream, and how its usage is read from a copy.
 */
public enum Passthrough {
    /** InvokeModel: its answer is read whole, its usage from Bedrock's token-count headers ({@link InvokeTokens}). */
    INVOKE("/invoke", false, ConverseUsage::new),
    INVOKE_STREAM("/invoke-with-response-stream", true, InvokeStreamUsage::new),
    CONVERSE("/converse", false, ConverseUsage::new),
    CONVERSE_STREAM("/converse-stream", true, ConverseStreamUsage::new),
    /** Answered and never billed: its usage reader is Converse's, and what it reads is not metered. */
    COUNT_TOKENS("/count-tokens", false, ConverseUsage::new);

    private final String operation;
    private final boolean eventStream;
    private final Function<ObjectMapper, UsageReader> reader;

    Passthrough(String operation, boolean eventStream, Function<ObjectMapper, UsageReader> reader) {
        this.operation = operation;
        this.eventStream = eventStream;
        this.reader = reader;
    }

    String operation() {
        return operation;
    }

    boolean eventStream() {
        return eventStream;
    }

    UsageReader reader(ObjectMapper json) {
        return reader.apply(json);
    }
}
