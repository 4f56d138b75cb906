package com.bedrockmeter.proxy.invoke;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP routes onto the {@link InvocationPipeline}: the guide's {@code POST /bedrock} (model in the body) and
 * Bedrock's own {@code POST /model/{modelId}/invoke} (model in the path, so AWS SDKs and Anthropic's Bedrock SDK
 * can point at the proxy).
 */
@RestController
class InvokeController {

    static final String GUIDE_ROUTE = "/bedrock";
    static final String NATIVE_INVOKE_ROUTE = "/model/{modelId}/invoke";

    private final InvocationPipeline pipeline;
    private final RequestBodies bodies;

    InvokeController(InvocationPipeline pipeline, RequestBodies bodies) {
        this.pipeline = pipeline;
        this.bodies = bodies;
    }

    @PostMapping(GUIDE_ROUTE)
    ResponseEntity<byte[]> invokeFromGuide(HttpServletRequest request) {
        return respond(pipeline.invoke(new InvocationPipeline.Request(GUIDE_ROUTE,
                request.getHeader(HttpHeaders.AUTHORIZATION), max -> read(request, max), bodies::fromGuideBody)));
    }

    @PostMapping(NATIVE_INVOKE_ROUTE)
    ResponseEntity<byte[]> invokeModel(@PathVariable String modelId, HttpServletRequest request) {
        return respond(pipeline.invoke(new InvocationPipeline.Request(NATIVE_INVOKE_ROUTE,
                request.getHeader(HttpHeaders.AUTHORIZATION), max -> read(request, max),
                body -> bodies.fromNativeBody(modelId, body))));
    }

    private static ResponseEntity<byte[]> respond(InvocationPipeline.Response response) {
        HttpHeaders headers = new HttpHeaders();
        response.headers().forEach(headers::set);
        headers.setContentType(response.contentType() == null
                ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(response.contentType()));
        return ResponseEntity.ok().headers(headers).body(response.body());
    }

    /** Reads at most {@code max} bytes: a larger body is refused without being read whole. */
    private static byte[] read(HttpServletRequest request, long max) {
        if (request.getContentLengthLong() > max) {
            throw new PayloadTooLargeException(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new PayloadTooLargeException(max);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the request body", e);
        }
    }
}
