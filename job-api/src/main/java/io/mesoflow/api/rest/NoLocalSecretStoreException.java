package io.mesoflow.api.rest;

/** No local secret store is configured: secrets are managed in Vault (HTTP 409). */
public class NoLocalSecretStoreException extends RuntimeException {
    NoLocalSecretStoreException() {
        super("this job-api has no local secret store (mesoflow.api.secrets.local-dir): manage secrets in Vault");
    }
}
