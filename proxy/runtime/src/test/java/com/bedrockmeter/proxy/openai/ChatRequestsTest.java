package com.bedrockmeter.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** OpenAI chat requests as Converse requests, and what is refused. */
class ChatRequestsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ChatRequests requests = new ChatRequests(json);

    private ChatRequests.Chat translate(String body) {
        return requests.translate(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rolesBecomeSystemBlocksAndAlternatingMessages_toolResultsJoinedInOneUserMessage() throws Exception {
        ChatRequests.Chat chat = translate("""
                {"model":"m","max_tokens":10,"max_completion_tokens":20,"stop":"END","top_p":0.9,"seed":7,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"developer","content":"Use French."},
                  {"role":"user","content":"a"},{"role":"user","content":[{"type":"text","text":"b"}]},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"c1","type":"function","function":{"name":"f","arguments":"{\\"x\\":1}"}},
                    {"id":"c2","type":"function","function":{"name":"f","arguments":""}}]},
                  {"role":"tool","tool_call_id":"c1","content":"one"},{"role":"tool","tool_call_id":"c2","content":"two"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""");

        JsonNode converse = chat.converse();
        assertThat(converse.path("system")).extracting(b -> b.path("text").asText())
                .containsExactly("Be brief.", "Use French.");
        assertThat(converse.path("messages")).extracting(m -> m.path("role").asText())
                .containsExactly("user", "assistant", "user");
        assertThat(converse.at("/messages/0/content")).extracting(b -> b.path("text").asText())
                .containsExactly("a", "b");
        assertThat(converse.at("/messages/1/content/0/toolUse/input/x").asInt()).isEqualTo(1);
        assertThat(converse.at("/messages/1/content/1/toolUse/input").isObject()).isTrue();
        assertThat(converse.at("/messages/2/content")).extracting(b -> b.at("/toolResult/toolUseId").asText())
                .containsExactly("c1", "c2");
        assertThat(converse.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(20);
        assertThat(converse.at("/inferenceConfig/stopSequences/0").asText()).isEqualTo("END");
        assertThat(converse.at("/inferenceConfig/topP").asDouble()).isEqualTo(0.9);
        assertThat(converse.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("f");
        assertThat(chat.stream()).isFalse();
    }

    @Test
    void toolChoice_mapsRequiredToAny_aNamedFunctionToTool_andNoneLeavesTheToolsOut() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + tools;

        JsonNode required = translate(base + ",\"tool_choice\":\"required\"}").converse();
        JsonNode named = translate(base + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}")
                .converse();
        JsonNode none = translate(base + ",\"tool_choice\":\"none\"}").converse();

        assertThat(required.at("/toolConfig/toolChoice").has("any")).isTrue();
        assertThat(named.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("f");
        assertThat(none.has("toolConfig")).isFalse();
        assertThat(required.at("/toolConfig/tools/0/toolSpec/inputSchema/json/type").asText()).isEqualTo("object");
    }

    @Test
    void anImageDataUrl_becomesAConverseImage_withItsFormat() {
        JsonNode converse = translate("""
                {"model":"m","messages":[{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"data:image/jpg;base64,AAEC"}}]}],"stream":true,
                 "stream_options":{"include_usage":true}}""").converse();

        assertThat(converse.at("/messages/0/content/0/image/format").asText()).isEqualTo("jpeg");
        assertThat(converse.at("/messages/0/content/0/image/source/bytes").asText()).isEqualTo("AAEC");
    }

    @Test
    void whatCannotBeHonoured_isRefusedNamingTheParameter() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        assertRefused("{\"model\":\"m\"," + messages + ",\"n\":2}", "unsupported_parameter", "n");
        assertRefused("{\"model\":\"m\"," + messages + ",\"logprobs\":true}", "unsupported_parameter", "logprobs");
        assertRefused("{\"model\":\"m\"," + messages + ",\"response_format\":{\"type\":\"json_object\"}}",
                "unsupported_response_format", "response_format");
        assertRefused("{\"model\":\"m\"," + messages + ",\"frobnicate\":1}", "unsupported_parameter", "frobnicate");
        assertRefused("{\"model\":\"m\",\"messages\":[]}", "invalid_messages", "messages");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "invalid_messages",
                "messages[0].role");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "invalid_messages",
                "messages[0].tool_call_id");
        assertRefused("{\"model\":\"m\"," + messages + ",\"max_tokens\":0}", "invalid_max_tokens", "max_tokens");
        assertRefused("{" + messages + "}", "missing_model_id", "model");
        assertRefused("[1,2]", "malformed_json", null);
    }

    @Test
    void emptyTextIsLeftOut_asConverseRefusesBlankBlocks_butAUserMessageWithNothingIsRefused() {
        JsonNode converse = translate("""
                {"model":"m","messages":[{"role":"system","content":""},{"role":"user","content":"hi"},
                 {"role":"assistant","content":"","tool_calls":[
                   {"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"c1","content":"ok"}],
                 "tools":[{"type":"function","function":{"name":"f"}}]}""").converse();

        assertThat(converse.has("system")).isFalse();
        assertThat(converse.at("/messages/1/content")).hasSize(1);
        assertThat(converse.at("/messages/1/content/0").has("toolUse")).isTrue();
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}",
                "invalid_messages", "messages[0].content");
    }

    @Test
    void harmlessParameters_areAccepted_andNotPassedOn() {
        JsonNode converse = translate("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"user":"u","seed":1,"presence_penalty":0,
                 "frequency_penalty":0,"parallel_tool_calls":true,"n":1,"response_format":{"type":"text"}}""")
                .converse();

        assertThat(converse.fieldNames()).toIterable().containsExactly("messages");
    }

    private void assertRefused(String body, String code, String param) {
        InvalidParameterException refused = catchThrowableOfType(InvalidParameterException.class,
                () -> translate(body));
        assertThat(refused).as(body).isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.param()).isEqualTo(param);
    }
}
