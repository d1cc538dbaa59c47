package io.mesoflow.launcher.mesos;

import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.StatusReporter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.apache.mesos.v1.Protos;

/**
 * A run of the master's offers ({@link EventRuns.Offers}) recorded and published as one: every
 * offer (and each agent's endpoint that changed) written in one transaction, then all published as
 * one run ({@link StatusReporter#offers}: sent together, acknowledgements awaited in order), instead
 * of a transaction and a broker round trip per offer. Guarantees, as one at a time: an offer is
 * recorded before it is published (a crash in between leaves it recorded, and the next leader
 * rescinds it); only the acting leader publishes.
 */
@ApplicationScoped
public class OfferReports {
    @Inject
    LauncherStore store;

    @Inject
    AgentEndpoints agents;

    @Inject
    StatusReporter reporter;

    public void offered(List<Protos.Offer> offers) {
        if (offers.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (Protos.Offer offer : offers) {
                agents.seen(offer.getAgentId().getValue(), offer.getHostname(), MesosTaskFacts.agentUrl(offer));
            }
            store.offersMade(offers.stream().map(o -> new LauncherStore.Offer(o.getId().getValue(),
                    o.getAgentId().getValue())).toList());
        });
        Instant now = Instant.now();
        reporter.offers(offers.stream().map(o -> OfferTranslator.toOfferMade(o, now)).toList());
    }
}
