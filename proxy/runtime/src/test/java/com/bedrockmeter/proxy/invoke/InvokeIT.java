package com.bedrockmeter.proxy.invoke;

import static com.bedrockmeter.proxy.testsupport.ProxyClient.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.UsageEventSink;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ProxyTest
class InvokeIT {

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired com.bedrockmeter.proxy.metering.UsageMeter meter;
    @Autowired UsageEventSink events;
    @Autowired BedrockSimulator simulator;
    @Autowired ObjectMapper json;

    @Test
    void bedrock_returnsClaudeAnswer_andMetersTheCall() throws IOException {
        // given
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        // when
        HttpResponse<String> response = proxy.bedrock(acme.token().token(),
                ProxyClient.guideBody("What is the capital of France?"));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("type").asText()).isEqualTo("message");
        assertThat(answer.path("role").asText()).isEqualTo("assistant");
        assertThat(answer.path("content").path(0).path("text").asText()).contains("What is the capital of France?");
        long in = answer.path("usage").path("input_tokens").asLong();
        long out = answer.path("usage").path("output_tokens").asLong();
        assertThat(in).isPositive();
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();

        List<DailyUsage> days = flushed().days(acme.customer().id(), today, today);
        assertThat(days).singleElement().satisfies(day -> {
            assertThat(day.totals().requests()).isEqualTo(1);
            assertThat(day.totals().inputTokens()).isEqualTo(in);
            assertThat(day.totals().outputTokens()).isEqualTo(out);
            assertThat(day.byModel().get(MODEL).inputTokens()).isEqualTo(in);
        });

        events.flush();
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode event = eventLines(today).map(this::parse)
                .filter(e -> e.path("requestId").asText().equals(requestId)).findFirst().orElseThrow();
        assertThat(event.path("customerId").asText()).isEqualTo(acme.customer().id());
        assertThat(event.path("keyId").asText()).isEqualTo(acme.token().keyId());
        assertThat(event.path("modelId").asText()).isEqualTo(MODEL);
        assertThat(event.path("route").asText()).isEqualTo("/bedrock");
        assertThat(event.path("status").asInt()).isEqualTo(200);
        assertThat(event.path("inputTokens").asLong()).isEqualTo(in);
        assertThat(event.path("outputTokens").asLong()).isEqualTo(out);
        assertThat(event.has("latencyMs")).isTrue();
    }

    @Test
    void nativeInvokeRoute_goesThroughTheSamePipeline() {
        // given
        CreatedCustomer acme = Customers.acme(customers);
        String body = """
                {"anthropic_version":"bedrock-2023-05-31","max_tokens":50,
                 "messages":[{"role":"user","content":"Hello"}]}""";

        // when
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(
                        proxy.uri("/model/" + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/invoke"))
                .header("Authorization", "Bearer " + acme.token().token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> anonymous = proxy.send(HttpRequest.newBuilder(proxy.uri("/model/" + MODEL + "/invoke"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"usage\"");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(flushed().days(acme.customer().id(), today, today).get(0).totals().requests()).isEqualTo(1);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private Stream<String> eventLines(LocalDate day) throws IOException {
        Path dir = Path.of("target/test-usage-events/dt=" + day);
        List<String> lines = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines.stream();
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Coalesced counters are written every flush interval; write them now before reading. */
    private DynamoUsageRepository flushed() {
        meter.flush();
        return usage;
    }
}
