package com.bedrockmeter.portal.quickstart.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.dom.Element;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class QuickstartViewTest extends KaribuTest {

    private static final String SONNET_45 = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0";

    @Autowired CustomerService customers;
    @Autowired ModelProperties models;

    @Test
    void quickstart_showsTheGuidesThreeExamples_withThisDeploymentsEndpoint() {
        customer("Acme");
        navigate("quickstart");
        for (String example : new String[] {"curl", "python", "javascript"}) {
            String code = _get(Pre.class, spec -> spec.withId("quickstart-" + example)).getText();
            assertThat(code).contains("http://127.0.0.1:8081/bedrock")
                    .contains("anthropic.claude-3-sonnet-20240229-v1:0")
                    .contains("Bearer your-customer-token-here");
        }
    }

    @Test
    void openAiClient_showsThisDeploymentsV1BaseUrlAndTheCustomersModels_inPythonAndJavaScript() {
        // given: a customer an admin limited to two models
        String id = customer("Acme").customer().id();
        customers.updateLimitsAndModels("test", id, Limits.UNLIMITED, List.of(HAIKU_3, SONNET_45),
                models.requests().allowedModels());

        // when
        navigate("quickstart");

        // then
        assertThat(code("openai-python")).contains("from openai import OpenAI")
                .contains("client = OpenAI(base_url=\"http://127.0.0.1:8081/v1\", "
                        + "api_key=\"your-customer-token-here\")")
                .contains("model=\"" + SONNET_45 + "\"")
                .contains("stream=True").contains("stream_options={\"include_usage\": True}");
        assertThat(code("openai-javascript")).contains("import OpenAI from \"openai\";")
                .contains("new OpenAI({ baseURL: \"http://127.0.0.1:8081/v1\", "
                        + "apiKey: \"your-customer-token-here\" })")
                .contains("model: \"" + SONNET_45 + "\"")
                .contains("stream_options: { include_usage: true }").contains("for await (const chunk of stream)");
        assertThat(paragraph("quickstart-openai-models")).contains(HAIKU_3).contains(SONNET_45)
                .contains("GET http://127.0.0.1:8081/v1/models")
                .doesNotContain("global.anthropic.claude-sonnet-4-6");
    }

    @Test
    void openAiClient_listsTheProxysDefaultModels_whenTheCustomerHasNoListOfItsOwn() {
        // given
        customer("Acme");

        // when
        navigate("quickstart");

        // then
        assertThat(paragraph("quickstart-openai-models")).contains(models.requests().allowedModels());
    }

    @Test
    void openAiClient_showsAHostileModelIdAsText_andKeepsItInsideTheStringLiteral() {
        // given: a model id with markup and quotes, in a deployment whose catalogue offers it
        String hostile = "<script>alert(\"x\")</script><img src=x onerror=alert(1)>";
        String id = customer("Acme").customer().id();
        customers.updateLimitsAndModels("test", id, Limits.UNLIMITED, List.of(hostile), List.of(hostile));

        // when
        navigate("quickstart");

        // then: shown as typed, in text nodes only, and the quotes escaped so the code stays one string
        String quoted = "\"<script>alert(\\\"x\\\")</script><img src=x onerror=alert(1)>\"";
        assertThat(code("openai-python")).contains("model=" + quoted + ",");
        assertThat(code("openai-javascript")).contains("model: " + quoted + ",");
        assertThat(paragraph("quickstart-openai-models")).contains("yours are: " + hostile + ". GET");
        for (Component shown : List.of(pre("openai-python"), pre("openai-javascript"),
                _get(Paragraph.class, spec -> spec.withId("quickstart-openai-models")))) {
            assertThat(shown.getElement().getChildren()).allMatch(Element::isTextNode);
            assertThat(shown.getElement().hasProperty("innerHTML")).isFalse();
        }
        assertThat(_find(Html.class)).isEmpty();
    }

    @Test
    void anonymousVisitor_cannotOpenTheQuickstart() {
        navigate("quickstart");
        assertThat(_find(QuickstartView.class)).isEmpty();
    }

    private static Pre pre(String example) {
        return _get(Pre.class, spec -> spec.withId("quickstart-" + example));
    }

    private static String code(String example) {
        return pre(example).getText();
    }

    private static String paragraph(String id) {
        return _get(Paragraph.class, spec -> spec.withId(id)).getText();
    }
}
