package io.mesoflow.api.service;

import io.mesoflow.api.auth.Caller;

/**
 * A job spec as it comes in (HTTP, DC/OS options once translated, Kafka). The spec travels in one
 * form, its JSON text: the intake reads it once, and the idempotency key guards exactly that text.
 *
 * @param idempotencyKey null when the sender gave none
 */
public record Submission(String body, Caller caller, String idempotencyKey) {
}
