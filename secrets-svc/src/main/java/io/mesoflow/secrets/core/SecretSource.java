package io.mesoflow.secrets.core;

/** Where secret values come from (Vault, the local store). */
public interface SecretSource {
    /** The value of {@code ref}; {@link NotFound} when it does not exist, {@link Unavailable} when the backend cannot answer now. */
    String read(SecretReference ref);

    /** The secret or key does not exist, or access is denied: the job cannot run as written. */
    final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The backend cannot be reached or answered an error; trying again later may work. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** Picks a field from a secret's data: the named key, else the only field, else {@code value}. */
    static String field(java.util.Map<String, String> data, SecretReference ref) {
        if (ref.key() != null) {
            String value = data.get(ref.key());
            if (value == null) {
                throw new NotFound("secret " + ref.backend() + ":" + ref.path() + " has no key '" + ref.key() + "'");
            }
            return value;
        }
        if (data.size() == 1) {
            return data.values().iterator().next();
        }
        if (data.containsKey("value")) {
            return data.get("value");
        }
        throw new NotFound("secret " + ref + " has " + data.size() + " keys; name one with #key");
    }
}
