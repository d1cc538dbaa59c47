package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates the options JSON of the 2017 DC/OS {@code beta-tensorflow} package into a native
 * MesoFlow job spec, so its users can submit what they have. What has a MesoFlow meaning is
 * translated; what does not (images, ports, networking, DC/OS accounts) is listed in the warnings.
 *
 * <ul>
 *   <li>{@code service.name} becomes the job name ({@code /dev/tf/mnist} -> {@code dev-tf-mnist});</li>
 *   <li>{@code job_url} the artifact; {@code job_path} and {@code job_name} the entry point
 *       {@code cd <job_path> && python3 <job_name>.py};</li>
 *   <li>{@code job_context} (a JSON string) the job context; {@code shared_filesystem} the output dir;</li>
 *   <li>{@code worker}, {@code gpu_worker}, {@code parameter_server} the roles worker, gpu_worker, ps;
 *       {@code use_tensorboard} with {@code tensorboard} the TensorBoard task.</li>
 * </ul>
 * A plaintext {@code gcs_key} is refused: MesoFlow takes credentials only as secrets.
 */
public final class DcosOptionsTranslator {
    /** The native spec and what was left out. */
    public record Translation(ObjectNode spec, List<String> warnings) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, String> ROLES = Map.of("worker", "worker", "gpu_worker", "gpu_worker",
            "parameter_server", "ps");
    private static final Set<String> ROLE_KEYS = Set.of("count", "cpus", "mem", "disk", "gpus");

    private DcosOptionsTranslator() {
    }

    /** Whether a JSON body looks like DC/OS options (it has a {@code service} object with {@code job_url}). */
    public static boolean looksLikeDcosOptions(JsonNode body) {
        return body != null && body.path("service").isObject() && body.path("service").has("job_url");
    }

    public static Translation translate(JsonNode options) {
        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ObjectNode spec = JSON.objectNode();
        JsonNode service = options == null ? null : options.get("service");
        if (service == null || !service.isObject()) {
            throw new SpecValidationException(List.of(new FieldError("service", "is required")));
        }
        spec.put("name", name(service.path("name").asText("tensorflow")));
        copyText(service, "job_url", spec, "artifactUrl", errors);
        String jobName = service.path("job_name").asText("");
        if (jobName.isBlank()) {
            errors.add(new FieldError("service.job_name", "is required"));
        } else {
            String path = service.path("job_path").asText("");
            spec.put("entryPoint", (path.isBlank() ? "" : "cd '" + path.replace("'", "") + "' && ")
                    + "python3 '" + jobName.replace("'", "") + ".py'");
        }
        if (service.hasNonNull("job_context") && !service.get("job_context").asText().isBlank()) {
            try {
                JsonNode context = EventCodec.mapper().readTree(service.get("job_context").asText());
                if (context.isObject()) {
                    spec.set("context", context);
                } else {
                    errors.add(new FieldError("service.job_context", "must be a JSON object in a string"));
                }
            } catch (Exception e) {
                errors.add(new FieldError("service.job_context", "is not valid JSON"));
            }
        }
        if (service.hasNonNull("shared_filesystem") && !service.get("shared_filesystem").asText().isBlank()) {
            spec.put("outputDir", service.get("shared_filesystem").asText());
        }
        if (service.hasNonNull("gcs_key") && !service.get("gcs_key").asText().isBlank()) {
            errors.add(new FieldError("service.gcs_key", "plaintext keys are not accepted; store the key as a "
                    + "secret and name it in the spec's secrets"));
        }
        service.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "job_url", "job_path", "job_name", "job_context", "shared_filesystem",
                    "use_tensorboard", "gcs_key").contains(field)) {
                warnings.add("service." + field + " has no MesoFlow equivalent and was ignored");
            }
        });
        ObjectNode roles = spec.putObject("roles");
        ROLES.forEach((dcos, native_) -> {
            JsonNode role = options.get(dcos);
            if (role != null && role.isObject() && role.path("count").asInt(0) > 0) {
                roles.set(native_, role(role, dcos, warnings));
            }
        });
        boolean tensorboard = service.path("use_tensorboard").asBoolean(false);
        spec.put("tensorboard", tensorboard);
        if (tensorboard && options.path("tensorboard").isObject()) {
            ObjectNode board = role(options.get("tensorboard"), "tensorboard", warnings);
            board.put("count", 1);
            roles.set("tensorboard", board);
        }
        options.fieldNames().forEachRemaining(field -> {
            if (!Set.of("service", "worker", "gpu_worker", "parameter_server", "tensorboard").contains(field)) {
                warnings.add(field + " has no MesoFlow equivalent and was ignored");
            }
        });
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new Translation(spec, warnings);
    }

    private static ObjectNode role(JsonNode dcos, String name, List<String> warnings) {
        ObjectNode role = JSON.objectNode();
        dcos.fieldNames().forEachRemaining(key -> {
            if (ROLE_KEYS.contains(key)) {
                role.set(key, dcos.get(key));
            } else {
                warnings.add(name + "." + key + " was ignored (MesoFlow takes ports from offers and uses the "
                        + "sandbox disk)");
            }
        });
        return role;
    }

    private static void copyText(JsonNode from, String field, ObjectNode to, String as, List<FieldError> errors) {
        if (!from.path(field).isTextual() || from.get(field).asText().isBlank()) {
            errors.add(new FieldError("service." + field, "is required"));
        } else {
            to.put(as, from.get(field).asText());
        }
    }

    /** A DC/OS service name as a MesoFlow job name: {@code /dev/tf/mnist} -> {@code dev-tf-mnist}. */
    static String name(String serviceName) {
        String name = serviceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        name = name.length() > 63 ? name.substring(0, 63).replaceAll("[^a-z0-9]+$", "") : name;
        return name.isEmpty() ? "tensorflow" : name;
    }
}
