package com.bedrockmeter.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.bedrockmeter.devtools.LocalStackProcess.Customer;
import com.bedrockmeter.proxy.testsupport.ExternalProcess;
import com.bedrockmeter.proxy.testsupport.ExternalProcess.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client ({@code sdk-clients/openai.mjs}) against the local stack's OpenAI-compatible
 * API with only its base URL and API key set: the answers as the client reads them, its error classes for our
 * refusals, and a meter that counts exactly what the answers' {@code usage} told the client.
 */
class OpenAiClientIT {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String EMBEDDING_MODEL = "amazon.titan-embed-text-v2:0";
    private static final String CHAT_ROUTE = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStackProcess stack;
    private static Customer plain;
    private static Customer limited;
    private static Customer leaver;
    private static Result run;
    private static final Map<String, JsonNode> steps = new HashMap<>();

    @BeforeAll
    static void runTheOpenAiClientAgainstTheStack() throws IOException {
        Path clients = Path.of("sdk-clients").toAbsolutePath();
        if (!Files.isDirectory(clients.resolve("node_modules/openai"))) {
            Result install = ExternalProcess.run(Map.of(), List.of("npm", "ci", "--no-audit", "--no-fund",
                    "--loglevel=error", "--prefix", clients.toString()), Duration.ofMinutes(5));
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        stack = LocalStackProcess.start(Files.createTempDirectory(Path.of("target"), "openai-client-it"));
        plain = stack.createCustomer("OpenAI client", "openai@example.com");
        limited = stack.createCustomer("OpenAI limited", "openai-limited@example.com");
        stack.dailyLimit(limited, 10);
        leaver = stack.createCustomer("OpenAI leaver", "openai-leaver@example.com");

        run = ExternalProcess.run(Map.of("BM_PROXY_URL", stack.proxyUrl(), "BM_TOKEN", plain.token(),
                "BM_LIMITED_TOKEN", limited.token(), "BM_DISCONNECT_TOKEN", leaver.token(),
                "BM_CHAT_MODEL", MODEL, "BM_EMBEDDING_MODEL", EMBEDDING_MODEL),
                List.of("node", clients.resolve("openai.mjs").toString()), Duration.ofMinutes(3));
        for (String line : run.stdout().lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode step = JSON.readTree(line);
            steps.put(step.path("step").asText(), step);
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void chatCompletion_answersTheSimulatedText_withItsUsage() {
        JsonNode chat = step("chat");

        assertThat(chat.path("object").asText()).isEqualTo("chat.completion");
        assertThat(chat.path("text").asText()).isEqualTo(answerTo("What is the capital of France?"));
        assertThat(chat.path("finishReason").asText()).isEqualTo("stop");
        assertConsistent(chat.path("usage"));
    }

    @Test
    void streamedCompletion_joinsItsDeltas_andEndsWithAUsageChunkWithoutChoices() {
        JsonNode stream = step("stream");

        assertThat(stream.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(stream.path("text").asText()).isEqualTo(answerTo("Stream one two three"));
        assertThat(stream.path("chunks").asInt()).as("a delta per word").isGreaterThan(10);
        assertThat(stream.path("finishReason").asText()).isEqualTo("stop");
        assertThat(stream.path("lastChoices").asInt()).isZero();
        assertConsistent(stream.path("usage"));
    }

    @Test
    void toolCall_roundTrip_theModelCallsGetWeather_thenAnswersWithTheToolsResult() {
        JsonNode tools = step("tools");
        JsonNode streamed = step("toolStream");

        assertThat(tools.path("askedFinishReason").asText()).isEqualTo("tool_calls");
        assertThat(tools.path("toolName").asText()).isEqualTo("get_weather");
        assertThat(tools.at("/toolArguments/city").asText()).isNotBlank();
        assertThat(tools.path("text").asText()).contains(tools.path("toolResult").asText());
        assertThat(tools.path("finishReason").asText()).isEqualTo("stop");
        assertThat(streamed.path("finishReason").asText()).isEqualTo("tool_calls");
        assertThat(streamed.path("toolName").asText()).isEqualTo("get_weather");
        assertThat(streamed.at("/toolArguments/city").asText()).isNotBlank();
    }

    @Test
    void imagePart_asADataUrl_reachesTheModel() {
        JsonNode image = step("image");

        assertThat(image.path("text").asText()).isEqualTo(answerTo("What is in this image?"));
        // the simulator counts an image as 100 prompt tokens, the words around it as a few more
        assertThat(image.at("/usage/prompt_tokens").asLong()).isGreaterThan(100);
    }

    @Test
    void modelsList_givesTheIdsThisCustomerMayCall() {
        List<String> ids = new ArrayList<>();
        step("models").path("ids").forEach(id -> ids.add(id.asText()));

        assertThat(ids).contains(MODEL, EMBEDDING_MODEL).doesNotHaveDuplicates();
    }

    @Test
    void embeddings_askedInBase64ByTheClient_decodeToTwoUnitVectorsOf1024() {
        JsonNode embedded = step("embeddings");

        assertThat(embedded.path("object").asText()).isEqualTo("list");
        assertThat(embedded.path("vectors")).hasSize(2).allSatisfy(vector -> {
            assertThat(vector.path("length").asInt()).isEqualTo(1024);
            assertThat(vector.path("allNumbers").asBoolean()).isTrue();
            // Titan is asked for normalized vectors: a wrong decoding would not give unit length
            assertThat(vector.path("norm").asDouble()).isCloseTo(1.0, within(1e-3));
        });
        assertThat(embedded.at("/vectors/1/index").asInt()).isEqualTo(1);
        assertThat(embedded.at("/usage/prompt_tokens").asLong()).as("a word each").isEqualTo(2);
        assertThat(embedded.at("/usage/total_tokens").asLong()).isEqualTo(2);
    }

    @Test
    void refusals_raiseTheClientsErrorClasses() {
        JsonNode errors = step("errors");

        assertThat(errors.path("badTokenIsAuthenticationError").asBoolean()).as(errors.toString()).isTrue();
        assertThat(errors.at("/badToken/status").asInt()).isEqualTo(401);
        assertThat(errors.at("/badToken/type").asText()).isEqualTo("authentication_error");
        assertThat(errors.path("unknownModelIsNotFoundError").asBoolean()).as(errors.toString()).isTrue();
        assertThat(errors.at("/unknownModel/code").asText()).isEqualTo("model_not_allowed");
        assertThat(errors.at("/unknownModel/param").asText()).isEqualTo("model");
        assertThat(errors.path("twoChoicesIsBadRequestError").asBoolean()).as(errors.toString()).isTrue();
        assertThat(errors.at("/twoChoices/param").asText()).isEqualTo("n");
    }

    @Test
    void everyAnswer_isMeteredAsItsUsageSaid_inTheEventsAndTheCounters() {
        List<JsonNode> chats = answers("chat", "stream", "tools", "toolStream", "image", "disconnect");
        JsonNode embedded = step("embeddings").path("usage");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> events = stack.usageEvents(plain);
            assertEventsMatch(events, chats);
            List<JsonNode> embeddings = events.stream()
                    .filter(e -> e.path("route").asText().equals("/v1/embeddings")).toList();
            assertThat(embeddings).as("one Titan call per text").hasSize(2)
                    .allSatisfy(e -> assertThat(e.path("outcome").asText()).isEqualTo("answered"));
            assertThat(embeddings.stream().mapToLong(OpenAiClientIT::promptTokens).sum())
                    .isEqualTo(embedded.path("prompt_tokens").asLong());
            assertThat(events).filteredOn(e -> e.path("outcome").asText().equals("refused"))
                    .extracting(e -> e.path("errorCode").asText())
                    .containsExactlyInAnyOrder("model_not_allowed", "unsupported_parameter");
        });
        List<JsonNode> all = new ArrayList<>(chats);
        all.add(step("embeddings").path("answers").get(0));
        assertCountersMatch(plain, chats.size() + 2, all);
    }

    @Test
    void dailyLimitOf10_lets10Of50ConcurrentStreamsThrough_theOthersRaiseRateLimitError() {
        JsonNode limit = step("dailyLimit");
        List<JsonNode> answered = answers("dailyLimit");

        assertThat(limit.path("answered").asInt()).isEqualTo(10);
        assertThat(limit.path("completeStreams").asInt()).isEqualTo(10);
        assertThat(limit.path("rateLimitErrors").asInt()).isEqualTo(40);
        assertThat(limit.path("otherErrors")).isEmpty();
        assertThat(limit.path("retryAfter").asBoolean()).as("every 429 has a Retry-After").isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> events = stack.usageEvents(limited);
            assertEventsMatch(events, answered);
            assertThat(events).filteredOn(e -> e.path("outcome").asText().equals("refused")).hasSize(40)
                    .allSatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(429));
        });
        assertCountersMatch(limited, 10, answered);
    }

    @Test
    void aClientThatLeavesAfterTheFirstChunk_isMeteredInFull_andItsEventSaysItDisconnected() {
        JsonNode left = step("disconnect");
        JsonNode whole = left.at("/reference/usage");

        assertThat(left.path("receivedBeforeAbort").asInt()).isEqualTo(1);
        assertThat(left.path("aborted").asBoolean()).isTrue();
        assertThat(left.at("/reference/chunks").asInt()).as("the same request read to its end").isGreaterThan(10_000);
        assertThat(left.at("/reference/finishReason").asText()).isEqualTo("tool_calls");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(stack.usageEvents(leaver)).singleElement().satisfies(event -> {
                    assertThat(event.path("clientDisconnected").asBoolean()).as(event.toString()).isTrue();
                    assertThat(event.path("route").asText()).isEqualTo(CHAT_ROUTE);
                    assertThat(event.path("outcome").asText()).isEqualTo("answered");
                    assertThat(promptTokens(event)).isEqualTo(whole.path("prompt_tokens").asLong());
                    assertThat(event.path("outputTokens").asLong()).isEqualTo(whole.path("completion_tokens").asLong());
                }));
        assertCountersMatch(leaver, 1, List.of(left.path("answers").get(0)));
    }

    /** The step's result; fails with what node printed if the step is missing or threw. */
    private static JsonNode step(String name) {
        JsonNode step = steps.get(name);
        assertThat(step).as("no result for step %s; node exited %d and printed:%n%s", name, run.exitCode(),
                run.output()).isNotNull();
        assertThat(step.has("failed")).as("step %s failed: %s", name, step.path("failed")).isFalse();
        return step;
    }

    private static List<JsonNode> answers(String... names) {
        List<JsonNode> answers = new ArrayList<>();
        for (String name : names) {
            step(name).path("answers").forEach(answers::add);
        }
        return answers;
    }

    private static String answerTo(String prompt) {
        return "Simulated answer from " + MODEL + " to: " + prompt;
    }

    private static void assertConsistent(JsonNode usage) {
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("completion_tokens").asLong()).isPositive();
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
    }

    /** Each chat answer has its event (chatcmpl-<request id>), with the tokens its usage reported. */
    private static void assertEventsMatch(List<JsonNode> events, List<JsonNode> chats) {
        Map<String, JsonNode> byRequest = new HashMap<>();
        events.forEach(e -> byRequest.put(e.path("requestId").asText(), e));
        for (JsonNode answer : chats) {
            String id = answer.path("id").asText();
            assertThat(id).startsWith("chatcmpl-");
            JsonNode event = byRequest.get(id.substring("chatcmpl-".length()));
            assertThat(event).as("the event of %s", id).isNotNull();
            assertThat(event.path("route").asText()).isEqualTo(CHAT_ROUTE);
            assertThat(event.path("outcome").asText()).isEqualTo("answered");
            assertThat(promptTokens(event)).as(id).isEqualTo(answer.at("/usage/prompt_tokens").asLong());
            assertThat(event.path("outputTokens").asLong()).as(id)
                    .isEqualTo(answer.at("/usage/completion_tokens").asLong());
        }
        assertThat(events).filteredOn(e -> e.path("outcome").asText().equals("answered")
                && e.path("route").asText().equals(CHAT_ROUTE)).hasSize(chats.size());
    }

    /** The day counters: the requests, and the sums of what the answers' usage reported. */
    private static void assertCountersMatch(Customer customer, int requests, List<JsonNode> answers) {
        long prompt = answers.stream().mapToLong(a -> a.at("/usage/prompt_tokens").asLong()).sum();
        long completion = answers.stream().mapToLong(a -> a.at("/usage/completion_tokens").asLong()).sum();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode totals = stack.usageTotals(customer);
            assertThat(totals.path("requests").asLong()).as(totals.toString()).isEqualTo(requests);
            assertThat(totals.path("inputTokens").asLong() + totals.path("cacheReadTokens").asLong()
                    + totals.path("cacheWriteTokens").asLong()).as(totals.toString()).isEqualTo(prompt);
            assertThat(totals.path("outputTokens").asLong()).as(totals.toString()).isEqualTo(completion);
            assertThat(totals.path("errors").asLong()).isZero();
        });
    }

    /** OpenAI's prompt_tokens: Bedrock's input tokens and the prompt-cache tokens, read or written. */
    private static long promptTokens(JsonNode event) {
        return event.path("inputTokens").asLong() + event.path("cacheReadTokens").asLong()
                + event.path("cacheWriteTokens").asLong();
    }
}
