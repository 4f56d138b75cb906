package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.proxy.base.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerMapping;

/**
 * HTTP routes onto the {@link InvocationPipeline}: the guide's {@code POST /bedrock} (model in the body) and
 * Bedrock's own {@code POST /model/{modelId}/invoke} (model in the path, so AWS SDKs and Anthropic's Bedrock SDK
 * can point at the proxy).
 *
 * <p>A plain {@link HttpRequestHandler} rather than an annotated controller: these routes take bytes and give bytes,
 * so Spring MVC's argument resolution, content negotiation and message converters would only cost CPU on every
 * call (about a sixth of the proxy's own time in the benchmark's profile). Refusals are written here with the same
 * JSON body as everywhere else ({@link ErrorResponses}).
 */
public class InvokeRoutes implements HttpRequestHandler {

    public static final String GUIDE_ROUTE = "/bedrock";
    public static final String NATIVE_INVOKE_ROUTE = "/model/{modelId}/invoke";
    /** InvokeModelWithResponseStream: Bedrock's event stream passed through as it arrives. */
    public static final String NATIVE_STREAM_ROUTE = "/model/{modelId}/invoke-with-response-stream";
    public static final String CONVERSE_ROUTE = "/model/{modelId}/converse";
    public static final String CONVERSE_STREAM_ROUTE = "/model/{modelId}/converse-stream";
    /** CountTokens: answered, counted against the per-minute limit, never billed. */
    public static final String COUNT_TOKENS_ROUTE = "/model/{modelId}/count-tokens";
    /** Every route, for the handler mapping and the SAM template's test. */
    public static final List<String> ROUTES = List.of(GUIDE_ROUTE, NATIVE_INVOKE_ROUTE, NATIVE_STREAM_ROUTE,
            CONVERSE_ROUTE, CONVERSE_STREAM_ROUTE, COUNT_TOKENS_ROUTE);
    /** The routes passed through byte for byte, and the operation each calls. */
    private static final Map<String, Passthrough> PASSTHROUGH = Map.of(NATIVE_STREAM_ROUTE, Passthrough.INVOKE_STREAM,
            CONVERSE_ROUTE, Passthrough.CONVERSE, CONVERSE_STREAM_ROUTE, Passthrough.CONVERSE_STREAM);

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final InvocationPipeline pipeline;
    private final RequestBodies bodies;

    public InvokeRoutes(InvocationPipeline pipeline, RequestBodies bodies) {
        this.pipeline = pipeline;
        this.bodies = bodies;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!"POST".equals(request.getMethod())) {
                throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED.value(), "method_not_allowed",
                        "Method " + request.getMethod() + " is not allowed here", Map.of(HttpHeaders.ALLOW, "POST"),
                        null);
            }
            Passthrough passthrough = PASSTHROUGH.get(
                    String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)));
            if (COUNT_TOKENS_ROUTE.equals(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))) {
                pipeline.countTokens(toPipeline(request), headers -> start(response, headers));
            } else if (passthrough != null) {
                pipeline.stream(toPipeline(request), passthrough, headers -> start(response, headers));
            } else {
                write(response, pipeline.invoke(toPipeline(request)));
            }
        } catch (ApiException e) {
            if (!response.isCommitted()) {
                ErrorResponses.write(response, e);
            }
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                ErrorResponses.writeUnexpected(response, e);
            }
        }
    }

    /** The stream's status and headers, sent at once so that the client sees the answer begin. */
    private static OutputStream start(HttpServletResponse response, Map<String, String> headers) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        headers.forEach(response::setHeader);
        if (!headers.containsKey(HttpHeaders.CONTENT_TYPE)) {
            response.setContentType(EVENT_STREAM);
        }
        OutputStream out = response.getOutputStream();
        response.flushBuffer();
        return out;
    }

    private InvocationPipeline.Request toPipeline(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String modelId = variables instanceof Map<?, ?> map ? (String) map.get("modelId") : null;
        if (modelId == null) {
            return new InvocationPipeline.Request(GUIDE_ROUTE, authorization, max -> RequestBodies.read(request, max),
                    bodies::fromGuideBody);
        }
        String route = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        if (route.equals(COUNT_TOKENS_ROUTE)) {
            return new InvocationPipeline.Request(route, authorization, max -> RequestBodies.read(request, max),
                    body -> bodies.fromCountTokensBody(modelId, body));
        }
        if (route.equals(CONVERSE_ROUTE) || route.equals(CONVERSE_STREAM_ROUTE)) {
            return new InvocationPipeline.Request(route, authorization, max -> RequestBodies.read(request, max),
                    body -> bodies.fromConverseBody(modelId, body));
        }
        return new InvocationPipeline.Request(PASSTHROUGH.containsKey(route) ? route : NATIVE_INVOKE_ROUTE,
                authorization, max -> RequestBodies.read(request, max), body -> bodies.fromNativeBody(modelId, body));
    }

    private static void write(HttpServletResponse response, InvocationPipeline.Response answer) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        answer.headers().forEach(response::setHeader);
        response.setContentType(answer.contentType() == null ? MediaType.APPLICATION_JSON_VALUE
                : answer.contentType());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
