package io.mesoflow.events;

/**
 * A secret a job asks for, by reference only: {@code source} is {@code vault:<path>[#key]} or
 * {@code local:<path>[#key]}; exactly one of {@code env} and {@code file} says where the task gets it.
 */
public record SecretRef(String source, String env, String file) {
}
