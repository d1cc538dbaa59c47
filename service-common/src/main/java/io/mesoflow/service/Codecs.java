package io.mesoflow.service;

import io.mesoflow.events.EventCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's event codec; the CloudEvent {@code source} is the application name. */
public class Codecs {
    @Produces
    @Singleton
    EventCodec eventCodec(@ConfigProperty(name = "quarkus.application.name") String service) {
        return new EventCodec(service);
    }
}
