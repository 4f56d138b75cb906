package com.bedrockmeter.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.UsageEventSink;
import com.bedrockmeter.proxy.metering.UsageMeter;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /v1/chat/completions} and {@code /v1/models} over raw HTTP, as the {@code openai} clients send them: the
 * answer's shapes, and that the meter records what the answers' {@code usage} says. (The official npm client runs
 * against the local stack in the devtools module.)
 */
@ProxyTest
class ChatCompletionsIT {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired UsageMeter meter;
    @Autowired BedrockSimulator simulator;
    @Autowired ObjectMapper json;
    @Autowired UsageEventSink events;

    @AfterEach
    void clearFaults() {
        simulator.faults().clear();
    }

    @Test
    void aCompletion_answersInOpenAisShape_andIsMeteredAsItsUsageSays() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        HttpResponse<String> response = post(acme, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"What is the capital of France?"}],"max_tokens":100,"temperature":0.2,
                 "user":"someone"}""".formatted(MODEL));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.at("/choices/0/message/content").asText())
                .isEqualTo("Simulated answer from " + MODEL + " to: What is the capital of France?");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode used = body.path("usage");
        assertThat(used.path("total_tokens").asLong())
                .isEqualTo(used.path("prompt_tokens").asLong() + used.path("completion_tokens").asLong());
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().requests()).isEqualTo(1);
            assertThat(day.totals().inputTokens()).isEqualTo(used.path("prompt_tokens").asLong());
            assertThat(day.totals().outputTokens()).isEqualTo(used.path("completion_tokens").asLong());
        });
    }

    @Test
    void aStreamedCompletion_sendsChunksThenUsageThenDone_andIsMeteredAsTheUsageChunkSays() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        List<JsonNode> chunks = new ArrayList<>();
        boolean done = false;
        HttpResponse<java.io.InputStream> response = proxy.sendStreaming(request(acme, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"one two three"}],"stream":true,
                 "stream_options":{"include_usage":true}}""".formatted(MODEL)));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.equals("data: [DONE]")) {
                    done = true;
                } else if (line.startsWith("data: ")) {
                    chunks.add(json.readTree(line.substring(6)));
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(done).isTrue();
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(text.toString()).isEqualTo("Simulated answer from " + MODEL + " to: one two three");
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.path("choices")).isEmpty();
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().inputTokens()).isEqualTo(last.at("/usage/prompt_tokens").asLong());
            assertThat(day.totals().outputTokens()).isEqualTo(last.at("/usage/completion_tokens").asLong());
        });
    }

    @Test
    void aStreamBedrockBreaksOff_endsWithAnErrorEventTheClientsRaise_thenDone() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        simulator.faults().failStreamAfter(2, "throttlingException");

        List<String> lines = new ArrayList<>();
        HttpResponse<java.io.InputStream> response = proxy.sendStreaming(request(acme, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"one two three four five"}],"stream":true}"""
                .formatted(MODEL)));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    lines.add(line.substring(6));
                }
            }
        }

        assertThat(lines).last().isEqualTo("[DONE]");
        JsonNode error = json.readTree(lines.get(lines.size() - 2)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("bedrock_stream_throttlingException");
        assertThat(lines).noneMatch(line -> line.contains("finish_reason\":\"stop"));
    }

    @Test
    void aToolCallRoundTrip_theModelAsks_theClientAnswers_theModelUsesTheResult() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        String tools = """
                [{"type":"function","function":{"name":"get_weather","description":"Weather in a city",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

        JsonNode asked = json.readTree(post(acme, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"Weather in Paris?"}],"tools":%s,
                 "tool_choice":"required"}""".formatted(MODEL, tools)).body());
        JsonNode call = asked.at("/choices/0/message/tool_calls/0");
        JsonNode answered = json.readTree(post(acme, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":null,"tool_calls":[%s]},
                 {"role":"tool","tool_call_id":"%s","content":"Sunny, 21 C"}],"tools":%s}"""
                .formatted(MODEL, call.toString(), call.path("id").asText(), tools)).body());

        assertThat(asked.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(json.readTree(call.at("/function/arguments").asText()).has("city")).isTrue();
        assertThat(answered.at("/choices/0/message/content").asText()).contains("Sunny, 21 C");
        assertThat(answered.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void anImagePart_isTakenAsBase64_butAnImageUrlIsRefusedWithoutBeingFetched() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});

        HttpResponse<String> inline = post(acme, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]}]}""".formatted(MODEL, png));
        HttpResponse<String> remote = post(acme, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"http://169.254.169.254/latest/meta-data"}}]}]}"""
                .formatted(MODEL));

        assertThat(inline.statusCode()).as(inline.body()).isEqualTo(200);
        assertThat(remote.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(remote.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_image_url");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("messages[0].content");
    }

    @Test
    void refusals_comeInOpenAisShape_withTheNativeStatuses() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        CreatedCustomer limited = Customers.acme(customers);
        customers.updateLimits("test", limited.customer().id(), new Limits(1L, null, null));
        String body = """
                {"model":"%s","messages":[{"role":"user","content":"hi"}]}""".formatted(MODEL);

        HttpResponse<String> badToken = send(HttpRequest.newBuilder(proxy.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer bm_not-a-real-token-at-all-0000000000")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> unknownModel = post(acme, "/v1/chat/completions",
                body.replace(MODEL, "anthropic.claude-unknown-v9"));
        HttpResponse<String> twoChoices = post(acme, "/v1/chat/completions", body.replace("]}", "],\"n\":2}"));
        post(limited, "/v1/chat/completions", body);
        HttpResponse<String> overLimit = post(limited, "/v1/chat/completions", body);

        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(json.readTree(badToken.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(unknownModel.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknownModel.body()).at("/error/code").asText()).isEqualTo("model_not_allowed");
        // the event says what the caller got
        events.flush();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("target/test-usage-events"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl")).flatMap(f -> {
                try {
                    return java.nio.file.Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(line -> line.contains(acme.customer().id()) && line.contains("model_not_allowed")))
                    .singleElement().asString().contains("\"status\":404");
        }
        assertThat(twoChoices.statusCode()).isEqualTo(400);
        assertThat(json.readTree(twoChoices.body()).at("/error/param").asText()).isEqualTo("n");
        assertThat(overLimit.statusCode()).isEqualTo(429);
        assertThat(overLimit.headers().firstValue("Retry-After")).isPresent();
        assertThat(json.readTree(overLimit.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void models_listsWhatThisCustomerMayCall_inOpenAisListShape() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        List<String> models = List.of(MODEL, "amazon.titan-embed-text-v2:0");
        customers.updateLimitsAndModels("test", acme.customer().id(), new Limits(null, null, null), models, models);

        HttpResponse<String> response = send(HttpRequest.newBuilder(proxy.uri("/v1/models"))
                .header("Authorization", "Bearer " + acme.token().token()).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = json.readTree(response.body());
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data")).extracting(m -> m.path("id").asText())
                .containsExactly(MODEL, "amazon.titan-embed-text-v2:0");
        assertThat(list.at("/data/0/owned_by").asText()).isEqualTo("anthropic");
    }

    private HttpRequest request(CreatedCustomer customer, String path, String body) {
        return HttpRequest.newBuilder(proxy.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + customer.token().token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> post(CreatedCustomer customer, String path, String body) {
        return send(request(customer, path, body));
    }

    private HttpResponse<String> send(HttpRequest request) {
        return proxy.send(request);
    }
}
