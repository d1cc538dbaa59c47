package io.mesoflow.events;

/**
 * One secret value sealed for the launcher (never clear text on Kafka).
 *
 * @param env       environment variable name, or null
 * @param file      file name in the sandbox, or null
 * @param sealed    the value sealed for the launcher's key, base64
 */
public record SealedSecret(String env, String file, String sealed) {
}
