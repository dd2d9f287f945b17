package io.kept.promise.service;

import io.kept.events.StreamKind;
import io.kept.events.calendar.CalendarDefined;
import io.kept.eventstore.CommandRunner;
import io.kept.eventstore.CommandRunner.Run;
import io.kept.eventstore.EventStore;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.error.DomainException;
import io.kept.promise.domain.BusinessCalendar;
import io.kept.promise.domain.CalendarAggregate;
import io.kept.promise.domain.GuaranteeAggregate;
import io.kept.promise.domain.GuaranteeCommand;
import io.kept.promise.domain.GuaranteeState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Guarantees and business calendars: their commands and reads, on the event store. */
@ApplicationScoped
public class Guarantees {

    private final EventStore store;
    private final CommandRunner runner;
    private final Clock clock;

    public Guarantees(EventStore store, CommandRunner runner, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.clock = clock;
    }

    /** The outcome of a PUT: the state after it, and whether it created the guarantee. */
    public record Defined(GuaranteeState state, boolean created) {
    }

    public Uni<Defined> define(GuaranteeCommand.Define command) {
        return calendar(command.calendar())
                .onItem().ifNull().failWith(() -> DomainException.ruleViolated("calendar", "Calendar "
                        + command.calendar() + " does not exist; define it with PUT /calendars/" + command.calendar()
                        + " or use " + CalendarDefined.TWENTY_FOUR_SEVEN))
                .flatMap(calendar -> runner.run(Run.on(StreamId.of(StreamKind.GUARANTEE, command.guaranteeId()),
                        GuaranteeAggregate.INSTANCE).command(state -> command).at(clock.instant())
                        .retryOnConflict()))
                .map(ran -> new Defined(ran.state(), ran.history().size() == ran.appended().size()
                        && !ran.appended().isEmpty()));
    }

    /** Retires a guarantee: it takes no new promises; promises already made go on. Retiring twice changes nothing. */
    public Uni<GuaranteeState> retire(String guaranteeId, String reason) {
        Instant now = clock.instant();
        return runner.run(Run.on(StreamId.of(StreamKind.GUARANTEE, guaranteeId), GuaranteeAggregate.INSTANCE)
                        .existing("Guarantee").command(state -> new GuaranteeCommand.Retire(now, reason)).at(now)
                        .retryOnConflict())
                .map(CommandRunner.Ran::state);
    }

    public Uni<GuaranteeState> guarantee(String guaranteeId) {
        return store.load(StreamId.of(StreamKind.GUARANTEE, guaranteeId)).map(GuaranteeAggregate.INSTANCE::foldStored);
    }

    public Uni<List<GuaranteeState>> guarantees() {
        return store.streamIds(StreamKind.GUARANTEE).flatMap(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<GuaranteeState>of());
            }
            // Sequential: one Hibernate Reactive session does one thing at a time.
            Uni<List<GuaranteeState>> all = Uni.createFrom().item(new java.util.ArrayList<>());
            for (String id : ids) {
                all = all.flatMap(list -> guarantee(id).map(state -> {
                    list.add(state);
                    return list;
                }));
            }
            return all;
        });
    }

    /** Defines or replaces a calendar; answers whether anything changed. */
    public Uni<Boolean> defineCalendar(CalendarDefined definition) {
        return runner.run(Run.on(StreamId.of(StreamKind.CALENDAR, definition.calendarId()), CalendarAggregate.INSTANCE)
                        .command(state -> definition).at(clock.instant()).retryOnConflict())
                .map(CommandRunner.Ran::changed);
    }

    public Uni<CalendarDefined> calendarDefinition(String calendarId) {
        return store.load(StreamId.of(StreamKind.CALENDAR, calendarId)).map(CalendarAggregate.INSTANCE::foldStored);
    }

    /** The calendar a guarantee names: {@link BusinessCalendar#ALWAYS} for 24x7, null when unknown. */
    public Uni<BusinessCalendar> calendar(String calendarId) {
        if (CalendarDefined.TWENTY_FOUR_SEVEN.equals(calendarId)) {
            return Uni.createFrom().item(BusinessCalendar.ALWAYS);
        }
        return calendarDefinition(calendarId).map(definition -> definition == null ? null : BusinessCalendar.of(definition));
    }
}
