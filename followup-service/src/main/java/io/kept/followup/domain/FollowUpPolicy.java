package io.kept.followup.domain;

import io.kept.events.followup.FollowUpKind;
import io.kept.events.followup.FollowUpScheduled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * When to follow up after a recovery: a satisfaction check soon after it was resolved and a
 * check-in days later; after an abandoned recovery, a single check-in. Per guarantee when the
 * recovery names one that has its own timing.
 *
 * @param overrides per guarantee id
 */
public record FollowUpPolicy(Timing defaults, Map<String, Timing> overrides) {

    /** How long after the recovery ended each follow-up is due. */
    public record Timing(Duration satisfactionCheckAfter, Duration checkInAfter) {
    }

    public static final FollowUpPolicy DEFAULTS = new FollowUpPolicy(new Timing(Duration.ofHours(2), Duration.ofDays(3)),
            Map.of());

    public Timing timingFor(String guaranteeId) {
        return guaranteeId == null ? defaults : overrides.getOrDefault(guaranteeId, defaults);
    }

    /** The follow-ups of a resolved recovery: a satisfaction check, then a check-in. */
    public List<FollowUpScheduled> afterResolved(String recoveryId, String customerId, String guaranteeId, Instant resolvedAt) {
        Timing timing = timingFor(guaranteeId);
        List<FollowUpScheduled> followUps = new ArrayList<>();
        followUps.add(new FollowUpScheduled(followUpId(recoveryId, FollowUpKind.SATISFACTION_CHECK), recoveryId, customerId,
                FollowUpKind.SATISFACTION_CHECK, resolvedAt.plus(timing.satisfactionCheckAfter()), guaranteeId, resolvedAt));
        followUps.add(new FollowUpScheduled(followUpId(recoveryId, FollowUpKind.CHECK_IN), recoveryId, customerId,
                FollowUpKind.CHECK_IN, resolvedAt.plus(timing.checkInAfter()), guaranteeId, resolvedAt));
        return followUps;
    }

    /** An abandoned recovery still gets a check-in: the customer should hear from us. */
    public List<FollowUpScheduled> afterAbandoned(String recoveryId, String customerId, String guaranteeId, Instant abandonedAt) {
        return List.of(new FollowUpScheduled(followUpId(recoveryId, FollowUpKind.CHECK_IN), recoveryId, customerId,
                FollowUpKind.CHECK_IN, abandonedAt.plus(timingFor(guaranteeId).checkInAfter()), guaranteeId, abandonedAt));
    }

    /** One follow-up of each kind per recovery, with an id that replay reproduces. */
    public static String followUpId(String recoveryId, FollowUpKind kind) {
        return UUID.nameUUIDFromBytes(("followup/" + recoveryId + "/" + kind.value()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
