package com.bedrockmeter.proxy.openai;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.proxy.invoke.InvocationPipeline;
import com.bedrockmeter.proxy.invoke.Passthrough;
import com.bedrockmeter.proxy.invoke.PayloadTooLargeException;
import com.bedrockmeter.proxy.invoke.RequestBodies;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The OpenAI-compatible API on the same meter: {@code POST /v1/chat/completions} (buffered, or server-sent events
 * with {@code stream: true}), {@code GET /v1/models}, {@code POST /v1/embeddings}. A chat completion is translated
 * to Bedrock's Converse request ({@link ChatRequests}) and goes through the same pipeline as the native Converse
 * routes (authentication, limits, the signed pass-through, metering, a client that leaves read to the end); its
 * answer is translated back as it arrives ({@link ChatAnswers}, {@link ChatChunks}).
 */
public class OpenAiRoutes implements HttpRequestHandler {

    public static final String CHAT_ROUTE = "/v1/chat/completions";
    public static final String MODELS_ROUTE = "/v1/models";
    public static final String EMBEDDINGS_ROUTE = "/v1/embeddings";
    public static final List<String> ROUTES = List.of(CHAT_ROUTE, MODELS_ROUTE, EMBEDDINGS_ROUTE);
    /** A buffered answer is JSON text of at most the model's output limit; past this it is not translated. */
    private static final int MAX_ANSWER = 8 * 1024 * 1024;

    private final InvocationPipeline pipeline;
    private final RequestBodies bodies;
    private final ObjectMapper json;
    private final ChatRequests chats;
    private final ChatAnswers answers;
    private final EmbeddingCalls embeddings;
    private final long maxBodyBytes;
    private final Clock clock;

    public OpenAiRoutes(InvocationPipeline pipeline, RequestBodies bodies, ObjectMapper json, long maxBodyBytes,
                        Clock clock) {
        this.pipeline = pipeline;
        this.bodies = bodies;
        this.json = json;
        this.chats = new ChatRequests(json);
        this.answers = new ChatAnswers(json);
        this.embeddings = new EmbeddingCalls(pipeline, json);
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String route = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        String method = route.equals(MODELS_ROUTE) ? "GET" : "POST";
        try {
            if (!method.equals(request.getMethod())) {
                throw new ApiException(405, "method_not_allowed", "Method " + request.getMethod()
                        + " is not allowed here", Map.of(HttpHeaders.ALLOW, method), null);
            }
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            switch (route) {
                case MODELS_ROUTE -> json(response, models(authorization), Map.of());
                case EMBEDDINGS_ROUTE -> {
                    EmbeddingCalls.Answer answer = embeddings.embed(authorization,
                            RequestBodies.read(request, maxBodyBytes));
                    json(response, answer.body(), answer.headers());
                }
                default -> chat(request, response, authorization);
            }
        } catch (ApiException e) {
            if (!response.isCommitted()) {
                OpenAiErrors.write(response, e, json);
            }
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                OpenAiErrors.writeUnexpected(response, e, json);
            } else {
                LoggerFactory.getLogger(OpenAiRoutes.class).error("Failure after the answer began on {}", route, e);
            }
        }
    }

    private void chat(HttpServletRequest request, HttpServletResponse response, String authorization)
            throws IOException {
        byte[] body = RequestBodies.read(request, maxBodyBytes);
        AtomicReference<ChatRequests.Chat> chat = new AtomicReference<>();
        InvocationPipeline.Request call = new InvocationPipeline.Request(CHAT_ROUTE, authorization, max -> {
            if (body.length > max) {
                throw new PayloadTooLargeException(max);
            }
            return body;
        }, bytes -> {
            ChatRequests.Chat translated = chats.translate(bytes);
            chat.set(translated);
            try {
                return bodies.fromConverseBody(translated.model(), json.writeValueAsBytes(translated.converse()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, OpenAiErrors::restate);
        long created = clock.instant().getEpochSecond();
        if (chats.wantsStream(body)) {
            AtomicReference<ChatChunks> chunks = new AtomicReference<>();
            pipeline.stream(call, Passthrough.CONVERSE_STREAM, headers -> {
                OutputStream out = start(response, headers, "text/event-stream");
                chunks.set(new ChatChunks(out, json, "chatcmpl-" + headers.get(InvocationPipeline.REQUEST_ID_HEADER),
                        created, chat.get().model(), chat.get().includeUsage()));
                return chunks.get();
            });
            try {
                if (chunks.get() != null) {
                    chunks.get().done();
                }
            } catch (IOException clientGone) {
                // the answer was metered in full; there is no one left to tell it ended
            }
            return;
        }
        ByteArrayOutputStream converse = new ByteArrayOutputStream();
        AtomicReference<Map<String, String>> sent = new AtomicReference<>();
        pipeline.stream(call, Passthrough.CONVERSE, headers -> {
            sent.set(headers);
            return new BoundedBuffer(converse);
        });
        byte[] completion;
        try {
            completion = answers.completion(converse.toByteArray(), "chatcmpl-"
                    + sent.get().get(InvocationPipeline.REQUEST_ID_HEADER), created, chat.get().model());
        } catch (IOException e) {
            throw new ApiException(502, "bedrock_stream_broken", "Bedrock's answer broke off or could not be "
                    + "read; the tokens it reported are billed.");
        }
        json(response, completion, ours(sent.get()));
    }

    private byte[] models(String authorization) throws IOException {
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String model : pipeline.modelsFor(authorization)) {
            data.addObject().put("id", model).put("object", "model").put("created", 0)
                    .put("owned_by", owner(model));
        }
        return json.writeValueAsBytes(list);
    }

    /** The provider of a Bedrock model id ({@code anthropic} for {@code us.anthropic.claude-…}). */
    private static String owner(String model) {
        String[] parts = model.split("\\.");
        int at = parts.length > 2 && List.of("us", "eu", "apac", "global").contains(parts[0]) ? 1 : 0;
        return parts[at].toLowerCase(Locale.ROOT);
    }

    /** The pipeline's own headers (request id, rate limits), not Bedrock's content headers. */
    private static Map<String, String> ours(Map<String, String> headers) {
        Map<String, String> kept = new java.util.LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)
                || name.toLowerCase(Locale.ROOT).startsWith("x-amzn"));
        return kept;
    }

    private static OutputStream start(HttpServletResponse response, Map<String, String> headers, String type)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        ours(headers).forEach(response::setHeader);
        response.setContentType(type);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        OutputStream out = response.getOutputStream();
        response.flushBuffer();
        return out;
    }

    private static void json(HttpServletResponse response, byte[] body, Map<String, String> headers)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        headers.forEach(response::setHeader);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Keeps a buffered answer up to {@link #MAX_ANSWER}; past it, drops the rest (the answer fails to parse). */
    private static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream into;

        BoundedBuffer(ByteArrayOutputStream into) {
            this.into = into;
        }

        @Override
        public void write(int b) {
            if (into.size() < MAX_ANSWER) {
                into.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (into.size() + length <= MAX_ANSWER) {
                into.write(bytes, offset, length);
            }
        }
    }
}
