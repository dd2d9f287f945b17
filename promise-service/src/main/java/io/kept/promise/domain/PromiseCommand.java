package io.kept.promise.domain;

import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What can be asked of a promise. Times are business times, supplied by the client or the clock. */
public sealed interface PromiseCommand {

    /**
     * Make the promise, as its maker asks: {@code madeAt} and {@code dueAt} may be absent (then now, and the guarantee's
     * target counted in its calendar's working time). {@code terms} are what the guarantee gives a new promise; they
     * are found only for a promise not made before, since a retry is decided on the maker's details alone. Repeating
     * the same promise is harmless, a different one under the same id is refused.
     */
    record Make(String promiseId, String guaranteeId, String customerId, Instant madeAt, Instant dueAt, String channel,
            String team, String agent, Terms terms) implements PromiseCommand {

        /** The guarantee's version, target and at-risk point a new promise is made under, and when it is made and due. */
        public record Terms(int guaranteeVersion, Duration target, Double atRiskAt, Instant madeAt, Instant dueAt) {
        }

        /** As the maker asks, before its terms are known. */
        public Make(String promiseId, String guaranteeId, String customerId, Instant madeAt, Instant dueAt, String channel,
                String team, String agent) {
            this(promiseId, guaranteeId, customerId, madeAt, dueAt, channel, team, agent, null);
        }

        /** The same promise, made under {@code terms}. */
        public Make under(Terms terms) {
            return new Make(promiseId, guaranteeId, customerId, madeAt, dueAt, channel, team, agent, terms);
        }

        /** Whether a promise already made is what this command would make: a retry, not a new promise. */
        boolean sameAs(PromiseMade made) {
            return made.guaranteeId().equals(guaranteeId) && made.customerId().equals(customerId)
                    && (madeAt == null || madeAt.equals(made.madeAt())) && (dueAt == null || dueAt.equals(made.dueAt()))
                    && Objects.equals(channel, made.channel()) && Objects.equals(team, made.team())
                    && Objects.equals(agent, made.agent());
        }
    }

    record ReportKept(Instant keptAt) implements PromiseCommand {
    }

    record ReportBroken(Instant brokenAt, FailureCategory category, Severity severity, Boolean avoidable,
            String description) implements PromiseCommand {
    }

    record Pause(Instant pausedAt, String reason) implements PromiseCommand {
    }

    /** Resume; the due time moves by the working time the promise was paused, counted in {@code calendar}. */
    record Resume(Instant resumedAt, BusinessCalendar calendar) implements PromiseCommand {
    }

    record Cancel(Instant cancelledAt, String reason) implements PromiseCommand {
    }

    /**
     * The deadline watcher's check: breaks an open promise still open at due time plus grace,
     * and warns once when {@code atRiskFraction} of its window has passed.
     */
    record CheckDeadline(Instant now, Duration grace, double atRiskFraction, FailureCategory category,
            Severity severity) implements PromiseCommand {
    }
}
