package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.proxy.base.ErrorResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;

/**
 * {@code GET /inference-profiles}: Bedrock's ListInferenceProfiles (control plane) in its shape, answered from the
 * models the caller may call, so that clients which look the profiles up first (Claude Code does) find theirs.
 * {@code type=SYSTEM_DEFINED} (the default) lists the cross-region profiles ({@code us.}, {@code eu.}, {@code apac.},
 * {@code global.}) among them; {@code type=APPLICATION} lists none. One page; nothing is metered.
 */
public class InferenceProfileRoutes implements HttpRequestHandler {

    public static final String ROUTE = "/inference-profiles";
    private static final Pattern PROFILE = Pattern.compile("^(us|eu|apac|global)\\.(.+)$");
    private static final String SINCE = "2025-01-01T00:00:00Z";

    private final InvocationPipeline pipeline;
    private final ObjectMapper json;
    private final String region;

    public InferenceProfileRoutes(InvocationPipeline pipeline, ObjectMapper json, String region) {
        this.pipeline = pipeline;
        this.json = json;
        this.region = region;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!"GET".equals(request.getMethod())) {
                throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED.value(), "method_not_allowed",
                        "Method " + request.getMethod() + " is not allowed here", Map.of(HttpHeaders.ALLOW, "GET"),
                        null);
            }
            List<String> models = pipeline.modelsFor(request.getHeader(HttpHeaders.AUTHORIZATION));
            String type = request.getParameter("type") == null ? "SYSTEM_DEFINED"
                    : request.getParameter("type").toUpperCase(Locale.ROOT);
            ObjectNode body = json.createObjectNode();
            ArrayNode summaries = body.putArray("inferenceProfileSummaries");
            if (type.equals("SYSTEM_DEFINED")) {
                models.forEach(model -> profile(model, summaries));
            }
            byte[] bytes = json.writeValueAsBytes(body);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } catch (ApiException e) {
            ErrorResponses.write(response, e);
        } catch (RuntimeException e) {
            ErrorResponses.writeUnexpected(response, e);
        }
    }

    private void profile(String model, ArrayNode summaries) {
        Matcher profile = PROFILE.matcher(model);
        if (!profile.matches()) {
            return;
        }
        String geography = profile.group(1).toUpperCase(Locale.ROOT);
        String foundation = profile.group(2);
        ObjectNode summary = summaries.addObject()
                .put("inferenceProfileName", geography + " " + foundation)
                .put("description", "Routes requests for " + foundation + " across the " + geography + " regions.")
                .put("createdAt", SINCE)
                .put("updatedAt", SINCE)
                .put("inferenceProfileArn", "arn:aws:bedrock:" + region + "::inference-profile/" + model)
                .put("inferenceProfileId", model)
                .put("status", "ACTIVE")
                .put("type", "SYSTEM_DEFINED");
        summary.putArray("models").addObject()
                .put("modelArn", "arn:aws:bedrock:" + region + "::foundation-model/" + foundation);
    }
}
