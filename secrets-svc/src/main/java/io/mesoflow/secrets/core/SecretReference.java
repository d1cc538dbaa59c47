package io.mesoflow.secrets.core;

/**
 * A parsed secret source: {@code vault:teams/ml/gcs#key} or {@code local:teams/ml/gcs#key}.
 * Without {@code #key}, the secret's only field is meant (or its field {@code value}).
 */
public record SecretReference(String backend, String path, String key) {
    public static SecretReference parse(String source) {
        int colon = source.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a secret source is vault:<path>[#key] or local:<path>[#key]");
        }
        String rest = source.substring(colon + 1);
        int hash = rest.indexOf('#');
        return new SecretReference(source.substring(0, colon), hash < 0 ? rest : rest.substring(0, hash),
                hash < 0 ? null : rest.substring(hash + 1));
    }

    @Override
    public String toString() {
        return backend + ":" + path + (key == null ? "" : "#" + key);
    }
}
