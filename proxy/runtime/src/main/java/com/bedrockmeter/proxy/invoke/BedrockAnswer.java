package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.usage.TokenCounts;

/** Bedrock's answer to InvokeModel, with the token counts it reported. */
public record BedrockAnswer(byte[] body, String contentType, TokenCounts tokens) {
}
