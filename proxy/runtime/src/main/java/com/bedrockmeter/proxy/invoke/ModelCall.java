package com.bedrockmeter.proxy.invoke;

/**
 * A validated call, route-independent: what to send to which model, and how many tokens it may use.
 *
 * @param bedrockBody     the body exactly as Bedrock takes it
 * @param tokenReservation an upper estimate of the call's tokens (its {@code max_tokens} plus its input), for the
 *                         monthly token limit
 */
public record ModelCall(String modelId, byte[] bedrockBody, long tokenReservation) {
}
