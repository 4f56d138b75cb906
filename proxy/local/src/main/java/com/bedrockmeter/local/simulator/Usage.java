package com.bedrockmeter.local.simulator;

/**
 * The tokens an answer reports, as Bedrock splits them: {@code inputTokens} are the prompt's tokens after its cached
 * prefix, which counts as {@code cacheReadInputTokens} when the simulator had cached it and as
 * {@code cacheWriteInputTokens} when it caches it now.
 *
 * @param cachePoints whether the request marked any cache point (Bedrock's own cache fields are sent only then)
 */
record Usage(int inputTokens, int outputTokens, int cacheReadInputTokens, int cacheWriteInputTokens,
             boolean cachePoints) {

    static Usage of(Prompt prompt, Answer answer, PromptCache.Use cache) {
        return new Usage(prompt.inputTokens() - prompt.cachePrefix().tokens(), answer.outputTokens(),
                cache.readTokens(), cache.writeTokens(), !prompt.cachePrefix().isEmpty());
    }

    /** Input, output and cached tokens together: Converse's {@code totalTokens}. */
    int totalTokens() {
        return inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens;
    }
}
