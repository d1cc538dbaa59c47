package io.mesoflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the API is and who calls it: the {@code --api} option, else {@code MESOFLOW_API} and
 * {@code MESOFLOW_TOKEN}, else {@code ~/.mesoflow/config} ({@code api=...}, {@code token=...}),
 * else {@code http://127.0.0.1:8080}.
 */
public record CliConfig(String api, String token) {
    public static final String DEFAULT_API = "http://127.0.0.1:8080";

    public static CliConfig resolve(String apiOption, Map<String, String> env, Path home) {
        Properties file = new Properties();
        Path config = home.resolve(".mesoflow/config");
        if (Files.isRegularFile(config)) {
            try (InputStream in = Files.newInputStream(config)) {
                file.load(in);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read " + config + ": " + e.getMessage());
            }
        }
        String api = firstOf(apiOption, env.get("MESOFLOW_API"), file.getProperty("api"), DEFAULT_API);
        String token = firstOf(env.get("MESOFLOW_TOKEN"), file.getProperty("token"), null);
        return new CliConfig(api.endsWith("/") ? api.substring(0, api.length() - 1) : api, token);
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
