package com.bedrockmeter.local.simulator;

import java.util.List;

/**
 * What the simulated model is asked, read from an InvokeModel body ({@link AnthropicMessages}) or a Converse request
 * ({@link ConverseMessages}).
 *
 * @param maxTokens      the output cap, thinking included
 * @param inputTokens    every token of the prompt, cached or not (what CountTokens answers)
 * @param lastUserText   the text blocks of the last user message, joined by a space
 * @param stopSequences  where the answer stops
 * @param cachePrefix    the prompt up to its last cache point; {@link CachePrefix#NONE} without one
 * @param thinkingBudget the most tokens the model may think; 0: no extended thinking
 * @param tools          the tools offered and the choice; {@link ToolOffer#NONE} without any
 * @param toolResult     the text of the tool results in the last user message; null if it carries none
 */
record Prompt(int maxTokens, int inputTokens, String lastUserText, List<String> stopSequences,
              CachePrefix cachePrefix, int thinkingBudget, ToolOffer tools, String toolResult) {
}
