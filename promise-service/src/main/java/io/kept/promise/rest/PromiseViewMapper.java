package io.kept.promise.rest;

import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.StoredEvent;
import io.kept.promise.domain.PromiseState;
import io.kept.promise.rest.PromiseRequests.HistoryEntry;
import io.kept.promise.rest.PromiseRequests.PromiseView;

/** A promise as clients see it, from the REST paths and from CloudEvents ingestion alike. */
public final class PromiseViewMapper {

    private PromiseViewMapper() {
    }

    public static PromiseView view(Ran<PromiseState> outcome, boolean withHistory) {
        PromiseState state = outcome.state();
        var made = state.made();
        return new PromiseView(made.promiseId(), made.guaranteeId(), made.guaranteeVersion(), made.customerId(),
                state.status(), made.madeAt(), state.dueAt(), made.target(), state.atRisk(), state.keptLate(),
                state.breachCause(), made.channel(), made.team(), made.agent(), outcome.history().size(),
                withHistory ? outcome.history().stream().map(PromiseViewMapper::entry).toList() : null);
    }

    private static HistoryEntry entry(StoredEvent event) {
        return new HistoryEntry(event.eventId(), event.type().type(), event.version(), event.occurredAt(),
                event.recordedAt(), event.dataJson());
    }
}
