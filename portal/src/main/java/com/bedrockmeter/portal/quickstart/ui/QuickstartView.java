package com.bedrockmeter.portal.quickstart.ui;

import com.bedrockmeter.portal.PortalProperties;
import com.bedrockmeter.portal.quickstart.QuickstartService;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * The guide's client examples with this deployment's endpoint filled in (the token stays a placeholder), and the
 * same calls through OpenAI's client with the models this customer may call. Everything shown is text, never HTML.
 */
@Route("quickstart")
@PageTitle("Quickstart | Bedrock Meter")
@PermitAll
public class QuickstartView extends VerticalLayout {

    public QuickstartView(PortalProperties properties, QuickstartService quickstart) {
        String proxy = properties.proxyUrl().toString().replaceAll("/+$", "");
        String endpoint = proxy + "/bedrock";
        add(new H2("Quickstart"),
                new Paragraph("Call " + endpoint + " with your API token as a Bearer token. Replace "
                        + QuickstartSnippets.TOKEN_PLACEHOLDER + " with the token you stored when it was shown."),
                new H3("cURL"), code("curl", QuickstartSnippets.bedrockCurl(endpoint)),
                new H3("Python"), code("python", QuickstartSnippets.bedrockPython(endpoint)),
                new H3("JavaScript"), code("javascript", QuickstartSnippets.bedrockJavaScript(endpoint)));
        addOpenAiClient(proxy + "/v1", quickstart.callableModels());
    }

    private void addOpenAiClient(String baseUrl, List<String> models) {
        Paragraph about = new Paragraph("The proxy also speaks OpenAI's API at " + baseUrl + ", on the same meter and "
                + "with the same token: chat completions (streaming, tools, images as base64 data URLs), models and "
                + "embeddings. Use the official openai client with this base URL.");
        about.setId("quickstart-openai");
        Paragraph modelIds = new Paragraph("In model, put a Bedrock model id or cross-region profile id exactly as on "
                + "the Bedrock routes; " + (models.isEmpty() ? "none is open to you yet"
                : "yours are: " + String.join(", ", models)) + ". GET " + baseUrl + "/models lists them.");
        modelIds.setId("quickstart-openai-models");
        String model = QuickstartSnippets.exampleModel(models);
        add(new H3("OpenAI client"), about, modelIds,
                new H4("Python"), code("openai-python", QuickstartSnippets.openAiPython(baseUrl, model)),
                new H4("JavaScript"), code("openai-javascript", QuickstartSnippets.openAiJavaScript(baseUrl, model)));
    }

    private static Pre code(String id, String text) {
        Pre pre = new Pre(text);
        pre.setId("quickstart-" + id);
        pre.getStyle().set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-m)")
                .set("overflow-x", "auto");
        return pre;
    }
}
