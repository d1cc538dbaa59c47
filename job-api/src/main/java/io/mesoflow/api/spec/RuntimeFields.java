package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.events.PythonEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fields that say what a task runs in: {@code image} (job or role), {@code python} and
 * {@code artifactSha256}. Each bad value is a field error that states the rule.
 */
final class RuntimeFields {
    static final int IMAGE_CHARS = 255;
    static final int REQUIREMENTS = 100;
    static final int REQUIREMENT_CHARS = 200;
    /** A Docker image reference: [registry[:port]/]path[:tag][@sha256:digest], lower-case path. */
    private static final Pattern IMAGE = Pattern.compile(
            "([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
                    + "(@sha256:[a-f0-9]{64})?");
    /** A pip requirement specifier, not an option: pip options (an index, a file) are the agent's to set. */
    private static final Pattern REQUIREMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-\\[\\],<>=!~ ;:'\"()*+]*");
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");

    private RuntimeFields() {
    }

    /** The image {@code fields} names, or null: none, refused by this deployment, or invalid (recorded). */
    static String image(JsonFields fields, boolean imagesAllowed) {
        String image = fields.string("image", false);
        if (image == null) {
            return null;
        }
        if (!imagesAllowed) {
            fields.error("image", "this MesoFlow runs tasks on the local backend, which has no container runtime; "
                    + "leave image out (the task runs on the host) or submit to a Mesos deployment");
        } else if (image.length() > IMAGE_CHARS || !IMAGE.matcher(image).matches()) {
            fields.error("image", "must be a container image reference such as tensorflow/tensorflow:2.16.1-gpu "
                    + "(at most " + IMAGE_CHARS + " characters)");
        }
        return image;
    }

    static String artifactSha256(JsonFields job) {
        String sha = job.string("artifactSha256", false);
        if (sha != null && !SHA256.matcher(sha).matches()) {
            job.error("artifactSha256", "must be the artifact's SHA-256 as 64 lower-case hex digits");
        }
        return sha;
    }

    static PythonEnvironment python(JsonFields job) {
        JsonNode node = job.object("python", false);
        if (node == null) {
            return null;
        }
        JsonFields python = new JsonFields(node, job.path("python"), job.errors());
        python.rejectUnknown(java.util.Set.of("requirements", "requirementsFile"));
        List<String> requirements = new ArrayList<>();
        JsonNode list = python.array("requirements");
        if (list != null) {
            if (list.size() > REQUIREMENTS) {
                python.error("requirements", "at most " + REQUIREMENTS + " entries");
            }
            for (int i = 0; i < list.size() && i < REQUIREMENTS; i++) {
                JsonNode entry = list.get(i);
                String value = entry.isTextual() ? entry.asText().strip() : null;
                if (value == null || value.isEmpty() || value.length() > REQUIREMENT_CHARS
                        || !REQUIREMENT.matcher(value).matches()) {
                    python.error("requirements[" + i + "]", "must be a pip requirement such as tensorflow-cpu>=2.16 "
                            + "(at most " + REQUIREMENT_CHARS + " characters, no pip options)");
                } else {
                    requirements.add(value);
                }
            }
        }
        String file = python.string("requirementsFile", false);
        if (file != null) {
            String problem = SpecLists.fileProblem(file);
            if (problem != null) {
                python.error("requirementsFile", problem.replace("task's sandbox", "artifact"));
            }
        }
        if ((list == null || list.isEmpty()) && file == null) {
            python.error("requirements", "name at least one requirement, or a requirementsFile");
        }
        return new PythonEnvironment(requirements, file);
    }
}
