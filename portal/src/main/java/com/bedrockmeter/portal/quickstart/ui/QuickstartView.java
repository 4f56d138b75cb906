package com.bedrockmeter.portal.quickstart.ui;

import com.bedrockmeter.portal.PortalProperties;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

/** The guide's client examples with this deployment's endpoint filled in (the token stays a placeholder). */
@Route("quickstart")
@PageTitle("Quickstart | Bedrock Meter")
@PermitAll
public class QuickstartView extends VerticalLayout {

    public QuickstartView(PortalProperties properties) {
        String endpoint = properties.proxyUrl().toString().replaceAll("/+$", "") + "/bedrock";
        add(new H2("Quickstart"),
                new Paragraph("Call " + endpoint + " with your API token as a Bearer token. Replace "
                        + "your-customer-token-here with the token you stored when it was shown."),
                new H3("cURL"), code("curl", """
                        curl -X POST %s \\
                          -H "Content-Type: application/json" \\
                          -H "Authorization: Bearer your-customer-token-here" \\
                          -d '{"modelId": "anthropic.claude-3-sonnet-20240229-v1:0",
                               "anthropic_version": "bedrock-2023-05-31", "max_tokens": 1000,
                               "messages": [{"role": "user",
                                 "content": [{"type": "text", "text": "What is the capital of France?"}]}]}'
                        """.formatted(endpoint)),
                new H3("Python"), code("python", """
                        import requests

                        response = requests.post("%s",
                            headers={"Content-Type": "application/json",
                                     "Authorization": "Bearer your-customer-token-here"},
                            json={"modelId": "anthropic.claude-3-sonnet-20240229-v1:0",
                                  "anthropic_version": "bedrock-2023-05-31", "max_tokens": 1000,
                                  "messages": [{"role": "user", "content": [
                                      {"type": "text", "text": "What is the capital of France?"}]}]})
                        response.raise_for_status()
                        print(response.json())
                        """.formatted(endpoint)),
                new H3("JavaScript"), code("javascript", """
                        const response = await fetch('%s', {
                          method: 'POST',
                          headers: {'Content-Type': 'application/json',
                                    'Authorization': 'Bearer your-customer-token-here'},
                          body: JSON.stringify({modelId: 'anthropic.claude-3-sonnet-20240229-v1:0',
                            anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000,
                            messages: [{role: 'user', content: [{type: 'text',
                              text: 'What is the capital of France?'}]}]})
                        });
                        console.log(await response.json());
                        """.formatted(endpoint)));
    }

    private static Pre code(String id, String text) {
        Pre pre = new Pre(text);
        pre.setId("quickstart-" + id);
        pre.getStyle().set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-m)")
                .set("overflow-x", "auto");
        return pre;
    }
}
