package io.mesoflow.api.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.events.EventCodec;
import java.util.regex.Pattern;

/**
 * The limits of every free-form field a request may carry, in one place. docs/job-spec.md lists
 * them ("Limits"); each violation is a field error that states the limit.
 */
public final class SpecLimits {
    /** {@code name}: a DNS-label-like name (the pattern enforces the length). */
    public static final int NAME_CHARS = 63;
    /** {@code team}: the same rule as team names ({@code PUT /api/v1/teams/{team}}). */
    public static final int TEAM_CHARS = 63;
    public static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final String TEAM_RULE = "must be 1-63 lower-case letters, digits and '-', starting with a letter or digit";
    public static final int ARTIFACT_URL_CHARS = 2048;
    public static final int ENTRY_POINT_CHARS = 4096;
    public static final int OUTPUT_DIR_CHARS = 1024;
    /** {@code context} and each role's {@code context}: serialized JSON size (UTF-8 bytes). */
    public static final int CONTEXT_BYTES = 64 * 1024;
    /** {@code context} and each role's {@code context}: nesting of objects and arrays, the context itself counted. */
    public static final int CONTEXT_DEPTH = 8;
    public static final int LABELS = 64;
    public static final int LABEL_KEY_CHARS = 63;
    public static final int LABEL_VALUE_CHARS = 256;
    public static final int SECRETS = 32;
    public static final int SECRET_SOURCE_CHARS = 512;
    public static final int SECRET_FILE_CHARS = 255;
    /** {@code secrets[].env}: a portable environment variable name. */
    public static final Pattern SECRET_ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** {@code roles.<role>.constraints}: per role. */
    public static final int CONSTRAINTS = 32;
    public static final int CONSTRAINT_PART_CHARS = 256;
    /** {@code POST /api/v1/jobs/{id}/cancel}: {@code reason}. */
    public static final int CANCEL_REASON_CHARS = 1024;
    /** The {@code Idempotency-Key} header. */
    public static final int IDEMPOTENCY_KEY_CHARS = 200;

    private SpecLimits() {
    }

    /** Why {@code value} is longer than {@code max} characters, or null when it is not. */
    public static String tooLong(String value, int max) {
        int chars = value.codePointCount(0, value.length());
        return chars > max ? "must be at most " + max + " characters (it has " + chars + ")" : null;
    }

    /**
     * Why {@code value} holds a control character (U+0000-U+001F, U+007F-U+009F), or null when it
     * does not. With {@code multiLine}, tab, line feed and carriage return are allowed.
     */
    public static String controlCharacter(String value, boolean multiLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = multiLine && (c == '\t' || c == '\n' || c == '\r');
            if (Character.isISOControl(c) && !allowed) {
                return String.format("must not contain control characters (U+%04X at %d)", (int) c, i);
            }
        }
        return null;
    }

    /** The first problem of a single-line string limited to {@code max} characters, or null. */
    public static String lineProblem(String value, int max) {
        String tooLong = tooLong(value, max);
        return tooLong != null ? tooLong : controlCharacter(value, false);
    }

    /** Why a JSON object is too big or too deep to be a context, or null when it is not. */
    public static String contextProblem(JsonNode context) {
        if (depthExceeds(context, CONTEXT_DEPTH)) {
            return "must be nested at most " + CONTEXT_DEPTH + " levels deep (objects and arrays, the context "
                    + "itself counted)";
        }
        int bytes = serializedBytes(context);
        return bytes > CONTEXT_BYTES ? "must be at most " + CONTEXT_BYTES + " bytes as JSON (it has " + bytes + ")"
                : null;
    }

    /** Whether objects and arrays nest deeper than {@code max} levels ({@code node} itself is level 1). */
    static boolean depthExceeds(JsonNode node, int max) {
        if (!node.isContainerNode()) {
            return false;
        }
        if (max <= 0) {
            return true;
        }
        for (JsonNode child : node) {
            if (depthExceeds(child, max - 1)) {
                return true;
            }
        }
        return false;
    }

    static int serializedBytes(JsonNode node) {
        try {
            return EventCodec.mapper().writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }
}
