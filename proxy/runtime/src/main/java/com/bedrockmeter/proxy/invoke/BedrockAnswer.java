package com.bedrockmeter.proxy.invoke;

/** Bedrock's answer to InvokeModel, with the token counts it reported. */
public record BedrockAnswer(byte[] body, String contentType, long inputTokens, long outputTokens) {
}
