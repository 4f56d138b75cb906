package com.bedrockmeter.proxy.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.model.base.ApiException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private final RequestBodies bodies = new RequestBodies(new ObjectMapper());

    @Test
    void fromGuideBody_takesTheModelOutOfTheBody_andReservesMaxTokensPlusAnInputEstimate() {
        // given
        byte[] body = bytes("{\"modelId\":\"" + MODEL + "\",\"max_tokens\":1000,\"messages\":[]}");

        // when
        ModelCall call = bodies.fromGuideBody(body);

        // then
        assertThat(call.modelId()).isEqualTo(MODEL);
        assertThat(new String(call.bedrockBody(), StandardCharsets.UTF_8)).doesNotContain("modelId").contains("max_tokens");
        assertThat(call.tokenReservation()).isEqualTo(1000 + body.length / 3);
    }

    @Test
    void fromNativeBody_sendsTheBodyAsItCame() {
        byte[] body = bytes("{\"max_tokens\":5,\"messages\":[]}");
        assertThat(bodies.fromNativeBody(MODEL, body).bedrockBody()).isSameAs(body);
    }

    @Test
    void maxTokens_outsideOneToAMillion_orNotAWholeNumber_isRefused() {
        for (String value : new String[] {"0", "-5", "1000001", "1.5", "\"9\"", "true", "[]",
                "99999999999999999999999"}) {
            assertThatThrownBy(() -> bodies.fromNativeBody(MODEL, bytes("{\"max_tokens\":" + value + "}")))
                    .as(value).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("invalid_max_tokens"));
        }
    }

    @Test
    void body_withAnythingAfterItsJsonObject_isRefused() {
        for (String tail : new String[] {"garbage", "{}", "]", "\"x\""}) {
            assertThatThrownBy(() -> bodies.fromNativeBody(MODEL, bytes("{\"max_tokens\":5}" + tail)))
                    .as(tail).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("malformed_json"));
        }
        assertThat(bodies.fromNativeBody(MODEL, bytes("{\"max_tokens\":5}\n  ")).modelId()).isEqualTo(MODEL);
    }

    @Test
    void guideBody_withoutAModelOrWithABadOne_isRefusedWithItsCode() {
        assertThat(code(() -> bodies.fromGuideBody(bytes("{\"max_tokens\":5}")))).isEqualTo("missing_model_id");
        assertThat(code(() -> bodies.fromGuideBody(bytes("{\"modelId\":7}")))).isEqualTo("invalid_model_id");
        assertThat(code(() -> bodies.fromGuideBody(bytes("{\"modelId\":\"a b\"}")))).isEqualTo("invalid_model_id");
        assertThat(code(() -> bodies.fromGuideBody(bytes("")))).isEqualTo("malformed_json");
        assertThat(code(() -> bodies.fromGuideBody(bytes("[1]")))).isEqualTo("malformed_json");
    }

    private static String code(Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (ApiException e) {
            return e.code();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
