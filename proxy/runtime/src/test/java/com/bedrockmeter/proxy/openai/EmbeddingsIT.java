package com.bedrockmeter.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.proxy.metering.UsageMeter;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /v1/embeddings} on the simulator's Titan and Cohere embedding models. */
@ProxyTest
class EmbeddingsIT {

    private static final String TITAN = "amazon.titan-embed-text-v2:0";
    private static final String COHERE = "cohere.embed-english-v3";

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired UsageMeter meter;
    @Autowired ObjectMapper json;

    @Test
    void titan_embedsEachText_asOneMeteredCallEach_inTheDimensionsAsked() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        JsonNode answer = json.readTree(post(acme, """
                {"model":"%s","input":["the cat sat","on the mat today"],"dimensions":256}""".formatted(TITAN))
                .body());

        assertThat(answer.path("object").asText()).isEqualTo("list");
        assertThat(answer.path("data")).hasSize(2);
        assertThat(answer.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(answer.at("/data/0/embedding")).hasSize(256);
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(7); // 3 + 4 words
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().requests()).isEqualTo(2);
            assertThat(day.totals().inputTokens()).isEqualTo(7);
            assertThat(day.totals().outputTokens()).isZero();
        });
    }

    @Test
    void base64Encoding_isTheSameVector_asLittleEndianFloats() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        String body = """
                {"model":"%s","input":"same text"%s}""";

        JsonNode floats = json.readTree(post(acme, body.formatted(TITAN, "")).body()).at("/data/0/embedding");
        String encoded = json.readTree(post(acme, body.formatted(TITAN, ",\"encoding_format\":\"base64\"")).body())
                .at("/data/0/embedding").asText();

        ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(decoded.remaining()).isEqualTo(1024 * Float.BYTES);
        for (JsonNode value : floats) {
            assertThat(decoded.getFloat()).isEqualTo(value.floatValue());
        }
    }

    @Test
    void cohere_embedsAListInOneCall() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        JsonNode answer = json.readTree(post(acme, """
                {"model":"%s","input":["one","two words","three more words"]}""".formatted(COHERE)).body());

        assertThat(answer.path("data")).hasSize(3);
        assertThat(answer.at("/data/2/embedding")).hasSize(1024);
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(6);
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement()
                .satisfies(day -> assertThat(day.totals().requests()).isEqualTo(1));
    }

    @Test
    void refusals_nameTheParameter_andAModelNotAllowedIs404() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        CreatedCustomer narrow = Customers.acme(customers);
        customers.updateLimitsAndModels("test", narrow.customer().id(), new Limits(null, null, null),
                List.of(COHERE), List.of(COHERE, TITAN));

        HttpResponse<String> badDimensions = post(acme, """
                {"model":"%s","input":"x","dimensions":300}""".formatted(TITAN));
        HttpResponse<String> chatModel = post(acme, """
                {"model":"%s","input":"x"}""".formatted(ProxyClient.MODEL));
        HttpResponse<String> notAllowed = post(narrow, """
                {"model":"%s","input":"x"}""".formatted(TITAN));
        HttpResponse<String> tokenArrays = post(acme, """
                {"model":"%s","input":[[1,2,3]]}""".formatted(TITAN));

        assertThat(badDimensions.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badDimensions.body()).at("/error/param").asText()).isEqualTo("dimensions");
        assertThat(chatModel.statusCode()).isEqualTo(400);
        assertThat(json.readTree(chatModel.body()).at("/error/code").asText()).isEqualTo("unsupported_model");
        assertThat(notAllowed.statusCode()).isEqualTo(404);
        assertThat(json.readTree(notAllowed.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(tokenArrays.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tokenArrays.body()).at("/error/code").asText()).isEqualTo("invalid_input");
    }

    private HttpResponse<String> post(CreatedCustomer customer, String body) {
        return proxy.send(HttpRequest.newBuilder(proxy.uri("/v1/embeddings"))
                .header("Authorization", "Bearer " + customer.token().token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
