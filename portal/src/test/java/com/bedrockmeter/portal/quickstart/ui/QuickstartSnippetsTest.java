package com.bedrockmeter.portal.quickstart.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuickstartSnippetsTest {

    @Test
    void literal_escapesQuotesBackslashesAndLineBreaks_soTheValueStaysOneString() {
        // when
        String literal = QuickstartSnippets.literal("a\"b\\c\nd\u2028e\u0001f");

        // then
        assertThat(literal).isEqualTo("\"a\\\"b\\\\c\\nd\\u2028e\\u0001f\"");
    }

    @Test
    void openAiSnippets_quoteAHostileBaseUrl_andShowItsMarkupAsWritten() {
        // given
        String baseUrl = "https://proxy.example/<script>alert(\"x\")</script>/v1";

        // when
        String python = QuickstartSnippets.openAiPython(baseUrl, "m");
        String javaScript = QuickstartSnippets.openAiJavaScript(baseUrl, "m");

        // then
        String quoted = "\"https://proxy.example/<script>alert(\\\"x\\\")</script>/v1\"";
        assertThat(python).contains("OpenAI(base_url=" + quoted + ", api_key=\"your-customer-token-here\")");
        assertThat(javaScript).contains("new OpenAI({ baseURL: " + quoted + ", apiKey: \"your-customer-token-here\" })");
    }

    @Test
    void exampleModel_isTheCurrentSonnetProfile_whenTheCustomerMayCallIt() {
        assertThat(QuickstartSnippets.exampleModel(List.of("anthropic.claude-3-haiku-20240307-v1:0",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0")))
                .isEqualTo("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void exampleModel_isTheCustomersFirstModel_whenTheyMayNotCallTheCurrentSonnet() {
        assertThat(QuickstartSnippets.exampleModel(List.of("anthropic.claude-3-haiku-20240307-v1:0",
                "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")))
                .isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    }
}
