package io.mesoflow.launcher.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An offer this launcher made and that is neither used nor declined yet. */
@Entity
@Table(name = "outstanding_offers")
public class OutstandingOfferEntity extends PanacheEntityBase {
    @Id
    @Column(name = "offer_id")
    public String offerId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "offered_at")
    public Instant offeredAt;
}
