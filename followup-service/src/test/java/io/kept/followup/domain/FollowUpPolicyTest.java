package io.kept.followup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.followup.FollowUpKind;
import io.kept.events.followup.FollowUpScheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowUpPolicyTest {

    private static final Instant RESOLVED = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void aResolvedRecoveryGetsASatisfactionCheckAfterTwoHoursAndACheckInAfterThreeDays() {
        List<FollowUpScheduled> followUps = FollowUpPolicy.DEFAULTS.afterResolved("r-1", "c-1", "g-1", RESOLVED);
        assertThat(followUps).extracting(FollowUpScheduled::kind)
                .containsExactly(FollowUpKind.SATISFACTION_CHECK, FollowUpKind.CHECK_IN);
        assertThat(followUps).extracting(FollowUpScheduled::dueAt)
                .containsExactly(RESOLVED.plus(Duration.ofHours(2)), RESOLVED.plus(Duration.ofDays(3)));
        assertThat(followUps).allSatisfy(f -> {
            assertThat(f.customerId()).isEqualTo("c-1");
            assertThat(f.recoveryId()).isEqualTo("r-1");
            assertThat(f.guaranteeId()).isEqualTo("g-1");
        });
    }

    @Test
    void anAbandonedRecoveryGetsASingleCheckIn() {
        assertThat(FollowUpPolicy.DEFAULTS.afterAbandoned("r-1", "c-1", null, RESOLVED))
                .extracting(FollowUpScheduled::kind, FollowUpScheduled::dueAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FollowUpKind.CHECK_IN, RESOLVED.plus(Duration.ofDays(3))));
    }

    @Test
    void aGuaranteeWithItsOwnTimingUsesIt() {
        FollowUpPolicy policy = new FollowUpPolicy(FollowUpPolicy.DEFAULTS.defaults(),
                Map.of("same-day", new FollowUpPolicy.Timing(Duration.ofMinutes(30), Duration.ofDays(1))));
        assertThat(policy.afterResolved("r-1", "c-1", "same-day", RESOLVED)).extracting(FollowUpScheduled::dueAt)
                .containsExactly(RESOLVED.plus(Duration.ofMinutes(30)), RESOLVED.plus(Duration.ofDays(1)));
        assertThat(policy.afterResolved("r-2", "c-1", "other", RESOLVED)).extracting(FollowUpScheduled::dueAt)
                .containsExactly(RESOLVED.plus(Duration.ofHours(2)), RESOLVED.plus(Duration.ofDays(3)));
    }

    @Test
    void replayingTheSameRecoveryGivesTheSameFollowUpIds() {
        var first = FollowUpPolicy.DEFAULTS.afterResolved("r-1", "c-1", null, RESOLVED);
        var again = FollowUpPolicy.DEFAULTS.afterResolved("r-1", "c-1", null, RESOLVED.plusSeconds(5));
        assertThat(again).extracting(FollowUpScheduled::followUpId)
                .containsExactlyElementsOf(first.stream().map(FollowUpScheduled::followUpId).toList());
        assertThat(first.get(0).followUpId()).isNotEqualTo(first.get(1).followUpId());
    }
}
