package io.kept.promise.ingest;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.kept.events.promise.BreachCause;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.Severity;
import io.kept.promise.rest.GuaranteeResource;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code data} of the promise events {@code POST /events} takes, one record per type: the fields of the payload
 * record Kept itself publishes for that type on {@code kept.promise-events} ({@code io.kept.events.promise}), so a
 * record Kept published is accepted back as it is ({@code PromiseEventDataTest} keeps the two in step). What Kept
 * computes ({@code guaranteeVersion}, {@code target}, {@code atRiskAt}, {@code late}, {@code cause}, a resume's
 * {@code dueAt}) is read and then computed again, as for any report. A client may leave out what it does not know: the
 * promise id is the event's {@code subject}, a time is the event's {@code time}. The names of the REST bodies these
 * events replaced are still read: {@code at} for a pause, resume or cancellation, and an {@code eventId} (ignored: the
 * CloudEvent's {@code id} makes it idempotent).
 */
public final class PromiseEventData {

    private PromiseEventData() {
    }

    /** The fields every event of a promise may carry besides its own. */
    interface OfPromise {
        String promiseId();
    }

    /** {@code io.kept.promise.made}, as {@code PromiseMade}. */
    public record Made(
            @Pattern(regexp = GuaranteeResource.ID_PATTERN) String promiseId,
            @NotBlank @Size(max = 200) String guaranteeId,
            Integer guaranteeVersion,
            @NotBlank @Size(max = 200) String customerId,
            Instant madeAt,
            Instant dueAt,
            Duration target,
            @Size(max = 100) String channel,
            @Size(max = 100) String team,
            @Size(max = 100) String agent,
            @DecimalMin("0") @DecimalMax("1") Double atRiskAt) implements OfPromise {
    }

    /** {@code io.kept.promise.kept}, as {@code PromiseKept}. */
    public record Kept(String promiseId, Instant keptAt, Boolean late, UUID eventId) implements OfPromise {
    }

    /** {@code io.kept.promise.broken}, as {@code PromiseBroken}: whatever its cause, one sent in is a report. */
    public record Broken(
            String promiseId,
            Instant brokenAt,
            BreachCause cause,
            @NotNull FailureCategory category,
            @NotNull Severity severity,
            Boolean avoidable,
            @Size(max = 2000) String description,
            UUID eventId) implements OfPromise {
    }

    /** {@code io.kept.promise.paused}, as {@code PromisePaused}. */
    public record Paused(String promiseId, @JsonAlias("at") Instant pausedAt, @Size(max = 2000) String reason, UUID eventId)
            implements OfPromise {
    }

    /** {@code io.kept.promise.resumed}, as {@code PromiseResumed}; its {@code dueAt} is Kept's to compute. */
    public record Resumed(String promiseId, @JsonAlias("at") Instant resumedAt, Instant dueAt,
            @Size(max = 2000) String reason, UUID eventId) implements OfPromise {
    }

    /** {@code io.kept.promise.cancelled}, as {@code PromiseCancelled}. */
    public record Cancelled(String promiseId, @JsonAlias("at") Instant cancelledAt, @Size(max = 2000) String reason,
            UUID eventId) implements OfPromise {
    }
}
