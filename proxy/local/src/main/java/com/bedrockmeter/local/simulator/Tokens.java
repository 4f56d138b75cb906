package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulator's token counting. A token is a <i>word</i>: a maximal run of non-whitespace characters
 * ({@link Character#isWhitespace}). JSON (a tool's schema, a tool call's input) counts the words of its keys and
 * string values and one token for every other value; an image or a document counts {@value #IMAGE}, whatever its
 * size.
 */
final class Tokens {

    /** The tokens of an image or a document. */
    static final int IMAGE = 100;
    /** The answer echoes at most this many characters of what it answers. */
    static final int MAX_ECHO_CHARS = 200;

    private Tokens() {
    }

    /** Number of maximal runs of non-whitespace characters. */
    static int words(CharSequence text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /** The tokens of a JSON value: the words of its keys and strings, 1 for every number, boolean or null. */
    static int json(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return 0;
        }
        if (node.isTextual()) {
            return words(node.asText());
        }
        if (node.isValueNode()) {
            return 1;
        }
        int tokens = 0;
        if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                tokens += words(field.getKey()) + json(field.getValue());
            }
        } else {
            for (JsonNode item : node) {
                tokens += json(item);
            }
        }
        return tokens;
    }

    /** The first {@code n} words of {@code text} (which has more than {@code n}), without the space after them. */
    static String firstWords(String text, int n) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (space && inWord && words == n) {
                return text.substring(0, i);
            }
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return text;
    }

    /** The last {@code n} words of {@code text} (which has more than {@code n}), from the first of them on. */
    static String lastWords(String text, int n) {
        int words = 0;
        boolean inWord = false;
        for (int i = text.length() - 1; i >= 0; i--) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (space && inWord && words == n) {
                return text.substring(i + 1);
            }
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return text;
    }

    /** The first {@value #MAX_ECHO_CHARS} characters of {@code text}, never half a surrogate pair. */
    static String echo(String text) {
        if (text.length() <= MAX_ECHO_CHARS) {
            return text;
        }
        int end = MAX_ECHO_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** The words of {@code text}, each with the whitespace that follows it (the last one without): a stream's deltas. */
    static List<String> pieces(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(text.substring(start, i));
            }
            start = i;
        }
        return tokens;
    }
}
