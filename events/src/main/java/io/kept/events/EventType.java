package io.kept.events;

import io.kept.events.calendar.CalendarDefined;
import io.kept.events.customer.CustomerReturned;
import io.kept.events.followup.FollowUpCancelled;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRetired;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.events.recovery.RecoveryWithdrawn;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of Kept: its CloudEvents {@code type}, the stream it belongs to and its payload record.
 * The type names are part of the contract (docs/design.md) and never change; a new meaning is a new type.
 */
public enum EventType {

    GUARANTEE_DEFINED("io.kept.guarantee.defined", StreamKind.GUARANTEE, GuaranteeDefined.class),
    GUARANTEE_REVISED("io.kept.guarantee.revised", StreamKind.GUARANTEE, GuaranteeRevised.class),
    GUARANTEE_RETIRED("io.kept.guarantee.retired", StreamKind.GUARANTEE, GuaranteeRetired.class),

    CALENDAR_DEFINED("io.kept.calendar.defined", StreamKind.CALENDAR, CalendarDefined.class),

    PROMISE_MADE("io.kept.promise.made", StreamKind.PROMISE, PromiseMade.class),
    PROMISE_PAUSED("io.kept.promise.paused", StreamKind.PROMISE, PromisePaused.class),
    PROMISE_RESUMED("io.kept.promise.resumed", StreamKind.PROMISE, PromiseResumed.class),
    PROMISE_AT_RISK("io.kept.promise.at-risk", StreamKind.PROMISE, PromiseAtRisk.class),
    PROMISE_KEPT("io.kept.promise.kept", StreamKind.PROMISE, PromiseKept.class),
    PROMISE_BROKEN("io.kept.promise.broken", StreamKind.PROMISE, PromiseBroken.class),
    PROMISE_BREACH_RETRACTED("io.kept.promise.breach-retracted", StreamKind.PROMISE, PromiseBreachRetracted.class),
    PROMISE_CANCELLED("io.kept.promise.cancelled", StreamKind.PROMISE, PromiseCancelled.class),

    RECOVERY_OPENED("io.kept.recovery.opened", StreamKind.RECOVERY, RecoveryOpened.class),
    RECOVERY_ACKNOWLEDGED("io.kept.recovery.acknowledged", StreamKind.RECOVERY, RecoveryAcknowledged.class),
    RECOVERY_DIAGNOSED("io.kept.recovery.diagnosed", StreamKind.RECOVERY, RecoveryDiagnosed.class),
    RECOVERY_RESOLVED("io.kept.recovery.resolved", StreamKind.RECOVERY, RecoveryResolved.class),
    RECOVERY_ESCALATED("io.kept.recovery.escalated", StreamKind.RECOVERY, RecoveryEscalated.class),
    RECOVERY_ABANDONED("io.kept.recovery.abandoned", StreamKind.RECOVERY, RecoveryAbandoned.class),
    RECOVERY_WITHDRAWN("io.kept.recovery.withdrawn", StreamKind.RECOVERY, RecoveryWithdrawn.class),

    FOLLOWUP_SCHEDULED("io.kept.followup.scheduled", StreamKind.FOLLOWUP, FollowUpScheduled.class),
    FOLLOWUP_COMPLETED("io.kept.followup.completed", StreamKind.FOLLOWUP, FollowUpCompleted.class),
    FOLLOWUP_MISSED("io.kept.followup.missed", StreamKind.FOLLOWUP, FollowUpMissed.class),
    FOLLOWUP_CANCELLED("io.kept.followup.cancelled", StreamKind.FOLLOWUP, FollowUpCancelled.class),

    CUSTOMER_RETURNED("io.kept.customer.returned", StreamKind.CUSTOMER, CustomerReturned.class);

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<? extends EventPayload>, EventType> BY_PAYLOAD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));

    private final String type;
    private final StreamKind stream;
    private final Class<? extends EventPayload> payloadClass;

    EventType(String type, StreamKind stream, Class<? extends EventPayload> payloadClass) {
        this.type = type;
        this.stream = stream;
        this.payloadClass = payloadClass;
    }

    /** The CloudEvents {@code type}, e.g. {@code io.kept.promise.made}. */
    public String type() {
        return type;
    }

    public StreamKind stream() {
        return stream;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    /** The Kafka topic events of this type are published to. */
    public String topic() {
        return stream.topic();
    }

    /** The CloudEvents {@code source} of events of this type. */
    public String source() {
        return stream.source();
    }

    /** The event type with this CloudEvents {@code type}; empty for a type Kept does not know. */
    public static Optional<EventType> fromType(String ceType) {
        return Optional.ofNullable(ceType).map(BY_TYPE::get);
    }

    /** The event type whose payload is {@code payloadClass}. */
    public static EventType of(Class<? extends EventPayload> payloadClass) {
        EventType type = BY_PAYLOAD.get(payloadClass);
        if (type == null) {
            throw new IllegalArgumentException("no event type has payload " + payloadClass.getName());
        }
        return type;
    }

    /** The event type of this payload. */
    public static EventType of(EventPayload payload) {
        return of(payload.getClass());
    }
}
