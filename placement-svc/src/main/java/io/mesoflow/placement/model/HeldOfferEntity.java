package io.mesoflow.placement.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An offer placement received; once USED or RESCINDED it is never used again. */
@Entity
@Table(name = "offers")
public class HeldOfferEntity extends PanacheEntityBase {
    public static final String HELD = "HELD";
    public static final String USED = "USED";
    public static final String RESCINDED = "RESCINDED";
    public static final String DECLINED = "DECLINED";

    @Id
    @Column(name = "offer_id")
    public String offerId;
    @Column(name = "agent_id")
    public String agentId;
    /** The OfferMade event as JSON. */
    @Column(columnDefinition = "text")
    public String payload;
    public String status;
    @Column(name = "received_at")
    public Instant receivedAt;

    /** An offer received now: held, or rescinded before it arrived (its {@code payload} then {@code {}}). */
    public static HeldOfferEntity received(String offerId, String agentId, String payload, String status) {
        HeldOfferEntity offer = new HeldOfferEntity();
        offer.offerId = offerId;
        offer.agentId = agentId;
        offer.payload = payload;
        offer.status = status;
        offer.receivedAt = Instant.now();
        return offer;
    }
}
