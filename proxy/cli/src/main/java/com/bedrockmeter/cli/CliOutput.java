package com.bedrockmeter.cli;

import com.bedrockmeter.model.customer.Limits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Human or JSON output. Results go to {@code out}, errors and warnings to {@code err}: in JSON mode {@code out}
 * carries exactly one JSON document and an error is {@code {"error":{"code":…,"message":…}}} on {@code err}.
 */
final class CliOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;

    CliOutput(PrintStream out, PrintStream err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    void print(JsonNode document) {
        out.println(write(document));
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    void warn(String text) {
        err.println("warning: " + text);
        err.flush();
    }

    void error(String code, String message) {
        if (json) {
            ObjectNode error = object();
            error.putObject("error").put("code", code).put("message", message);
            err.println(write(error));
        } else {
            err.println("error: " + message);
        }
        err.flush();
    }

    /** Columns padded to their widest cell; the columns in {@code rightAligned} (numbers) align right. */
    void table(List<String> headers, List<List<String>> rows, Set<Integer> rightAligned) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String padding = " ".repeat(widths[i] - cell.length());
                text.append(i == 0 ? "" : "  ").append(rightAligned.contains(i) ? padding + cell : cell + padding);
            }
            line(text.toString().stripTrailing());
        }
        out.flush();
    }

    /** A time for people: to the second, or "-". */
    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A limit for people: the number, or "-" for unlimited. */
    static String limit(Long value) {
        return value == null ? "-" : Long.toString(value);
    }

    /** {@code {"dailyLimit":…,"rpmLimit":…,"monthlyTokenLimit":…}}, null = unlimited. */
    static ObjectNode limits(ObjectNode parent, Limits limits) {
        ObjectNode node = parent.putObject("limits");
        putNumber(node, "dailyLimit", limits.dailyRequests());
        putNumber(node, "rpmLimit", limits.requestsPerMinute());
        putNumber(node, "monthlyTokenLimit", limits.monthlyTokens());
        return node;
    }

    static void putNumber(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    static void putTime(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }

    private static String write(JsonNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }
}
