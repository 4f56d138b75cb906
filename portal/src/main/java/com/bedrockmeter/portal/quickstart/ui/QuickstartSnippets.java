package com.bedrockmeter.portal.quickstart.ui;

import java.util.List;

/**
 * The quickstart's client examples as plain text, for {@link QuickstartView} to show in {@code <pre>} elements.
 * The token is always the placeholder: the portal shows a real one only once, when it is created.
 */
final class QuickstartSnippets {

    static final String TOKEN_PLACEHOLDER = "your-customer-token-here";
    /** A current model most deployments offer; used in the examples when the customer may call it. */
    static final String PREFERRED_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private QuickstartSnippets() {
    }

    static String bedrockCurl(String endpoint) {
        return """
                curl -X POST %s \\
                  -H "Content-Type: application/json" \\
                  -H "Authorization: Bearer your-customer-token-here" \\
                  -d '{"modelId": "anthropic.claude-3-sonnet-20240229-v1:0",
                       "anthropic_version": "bedrock-2023-05-31", "max_tokens": 1000,
                       "messages": [{"role": "user",
                         "content": [{"type": "text", "text": "What is the capital of France?"}]}]}'
                """.formatted(endpoint);
    }

    static String bedrockPython(String endpoint) {
        return """
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
                """.formatted(endpoint);
    }

    static String bedrockJavaScript(String endpoint) {
        return """
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
                """.formatted(endpoint);
    }

    static String openAiPython(String baseUrl, String model) {
        return """
                from openai import OpenAI

                client = OpenAI(base_url=%1$s, api_key=%2$s)

                response = client.chat.completions.create(
                    model=%3$s,
                    max_tokens=1000,
                    messages=[{"role": "user", "content": "What is the capital of France?"}],
                )
                print(response.choices[0].message.content)

                stream = client.chat.completions.create(
                    model=%3$s,
                    max_tokens=1000,
                    messages=[{"role": "user", "content": "Write a haiku about the sea."}],
                    stream=True,
                    stream_options={"include_usage": True},
                )
                for chunk in stream:
                    if chunk.choices and chunk.choices[0].delta.content:
                        print(chunk.choices[0].delta.content, end="", flush=True)
                    if chunk.usage:
                        print("\\n", chunk.usage)
                """.formatted(literal(baseUrl), literal(TOKEN_PLACEHOLDER), literal(model));
    }

    static String openAiJavaScript(String baseUrl, String model) {
        return """
                import OpenAI from "openai";

                const client = new OpenAI({ baseURL: %1$s, apiKey: %2$s });

                const response = await client.chat.completions.create({
                  model: %3$s,
                  max_tokens: 1000,
                  messages: [{ role: "user", content: "What is the capital of France?" }],
                });
                console.log(response.choices[0].message.content);

                const stream = await client.chat.completions.create({
                  model: %3$s,
                  max_tokens: 1000,
                  messages: [{ role: "user", content: "Write a haiku about the sea." }],
                  stream: true,
                  stream_options: { include_usage: true },
                });
                for await (const chunk of stream) {
                  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
                  if (chunk.usage) console.log("\\n", chunk.usage);
                }
                """.formatted(literal(baseUrl), literal(TOKEN_PLACEHOLDER), literal(model));
    }

    /** The model the examples call: the preferred one if the customer may call it, else their first. */
    static String exampleModel(List<String> callable) {
        return callable.isEmpty() || callable.contains(PREFERRED_MODEL) ? PREFERRED_MODEL : callable.get(0);
    }

    /**
     * {@code value} as a double-quoted string literal that Python and JavaScript read back unchanged: a model id
     * set by an admin is data, so a quote in it must not end the string and turn the rest into the customer's code.
     */
    static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
