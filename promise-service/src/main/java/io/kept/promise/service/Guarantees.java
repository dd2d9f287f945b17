package io.kept.promise.service;

import io.kept.events.StreamKind;
import io.kept.events.calendar.CalendarDefined;
import io.kept.eventstore.CommandRunner;
import io.kept.eventstore.CommandRunner.Run;
import io.kept.eventstore.EventStore;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.domain.DomainException;
import io.kept.promise.domain.BusinessCalendar;
import io.kept.promise.domain.CalendarAggregate;
import io.kept.promise.domain.GuaranteeAggregate;
import io.kept.promise.domain.GuaranteeCommand;
import io.kept.promise.domain.GuaranteeState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Guarantees and business calendars: their commands and reads, on the event store.
 *
 * <p>Every promise reads its guarantee (and, without a given due time, its calendar), and they change rarely: each
 * replica keeps what it read for {@code kept.promise.reference-cache-ttl} (1 s), and forgets a guarantee or calendar
 * at once when it changes it itself. So a promise made on another replica within that second of a revision or a
 * retirement may still be made under the version before.
 */
@ApplicationScoped
public class Guarantees {

    private final EventStore store;
    private final CommandRunner runner;
    private final Clock clock;
    private final long ttlNanos;
    private final Map<String, Cached<GuaranteeState>> guaranteeCache = new ConcurrentHashMap<>();
    private final Map<String, Cached<BusinessCalendar>> calendarCache = new ConcurrentHashMap<>();
    /** Moves on at every local change, so a read that began before it does not put back what it replaced. */
    private final AtomicLong generation = new AtomicLong();

    private record Cached<T>(T value, long expiresAtNanos) {
    }

    public Guarantees(EventStore store, CommandRunner runner, Clock clock,
            @ConfigProperty(name = "kept.promise.reference-cache-ttl", defaultValue = "1s") Duration ttl) {
        this.store = store;
        this.runner = runner;
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
    }

    private <T> Uni<T> cached(Map<String, Cached<T>> cache, String id, Supplier<Uni<T>> load) {
        long now = System.nanoTime();
        Cached<T> hit = cache.get(id);
        if (hit != null && now - hit.expiresAtNanos() < 0) {
            return Uni.createFrom().item(hit.value());
        }
        long seen = generation.get();
        return load.get().invoke(value -> {
            if (value != null && generation.get() == seen) {
                cache.put(id, new Cached<>(value, now + ttlNanos));
            }
        });
    }

    private void changed(Map<String, ?> cache, String id) {
        generation.incrementAndGet();
        cache.remove(id);
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
                .invoke(ran -> changed(guaranteeCache, command.guaranteeId()))
                .map(ran -> new Defined(ran.state(), ran.history().size() == ran.appended().size()
                        && !ran.appended().isEmpty()));
    }

    /** Retires a guarantee: it takes no new promises; promises already made go on. Retiring twice changes nothing. */
    public Uni<GuaranteeState> retire(String guaranteeId, String reason) {
        Instant now = clock.instant();
        return runner.run(Run.on(StreamId.of(StreamKind.GUARANTEE, guaranteeId), GuaranteeAggregate.INSTANCE)
                        .existing("Guarantee").command(state -> new GuaranteeCommand.Retire(now, reason)).at(now)
                        .retryOnConflict())
                .invoke(ran -> changed(guaranteeCache, guaranteeId))
                .map(CommandRunner.Ran::state);
    }

    public Uni<GuaranteeState> guarantee(String guaranteeId) {
        return cached(guaranteeCache, guaranteeId, () -> store.load(StreamId.of(StreamKind.GUARANTEE, guaranteeId))
                .map(GuaranteeAggregate.INSTANCE::foldStored));
    }

    public Uni<List<GuaranteeState>> guarantees() {
        return store.streamIds(StreamKind.GUARANTEE).flatMap(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<GuaranteeState>of());
            }
            // Sequential: a few small streams, read one after another.
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
                .invoke(ran -> changed(calendarCache, definition.calendarId()))
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
        return cached(calendarCache, calendarId, () -> calendarDefinition(calendarId)
                .map(definition -> definition == null ? null : BusinessCalendar.of(definition)));
    }
}
