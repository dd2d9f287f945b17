package io.kept.followup.store;

import io.kept.events.recovery.RecoveryOpened;
import io.kept.eventstore.Db;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.PoisonRecordException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What followup-service remembers of recovery-service's recoveries ({@code recovery_facts}): whom each was for, so the
 * follow-ups of a recovery that ends can be scheduled for that customer. Runs inside the consumer's transaction.
 */
@ApplicationScoped
public class RecoveryFacts {

    private final String table;

    public RecoveryFacts(EventStoreConfig config) {
        this.table = config.schema() + ".recovery_facts";
    }

    /** Whom a recovery is for, under which guarantee. */
    public record Recovery(String customerId, String guaranteeId) {
    }

    /** Remembers a recovery opened; one remembered before is left as it was. */
    public Uni<Void> opened(RecoveryOpened opened) {
        return Db.update("INSERT INTO " + table
                        + " (recovery_id, promise_id, customer_id, guarantee_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                        opened.recoveryId(), opened.promiseId(), opened.customerId(), opened.guaranteeId())
                .replaceWithVoid();
    }

    /** The remembered recovery; a failure when its recovery.opened was never seen. */
    public Uni<Recovery> of(String recoveryId) {
        return Db.rows("SELECT customer_id, guarantee_id FROM " + table + " WHERE recovery_id = $1", recoveryId)
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw PoisonRecordException.refused("recovery " + recoveryId + " ended, but its recovery.opened was never seen");
                    }
                    return new Recovery(rows.get(0).getString(0), rows.get(0).getString(1));
                });
    }
}
