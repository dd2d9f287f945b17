package io.kept.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.local.DemoDay.Cohort;
import io.kept.local.DemoDay.DemoPromise;
import io.kept.local.DemoDay.Outcome;
import io.kept.local.DemoDay.RecoveryEnd;
import io.kept.local.DemoDay.RecoveryScript;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DemoDayTest {

    /** The id pattern of promise-service and followup-service paths. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final Instant NOW = Instant.parse("2026-03-12T09:41:17Z");

    private final DemoDay day = DemoDay.generate(NOW);

    @Test
    void everything_happens_in_the_24_hours_before_now_and_in_order() {
        for (DemoPromise p : day.promises()) {
            List<Instant> times = new ArrayList<>(List.of(p.madeAt()));
            if (p.outcomeAt() != null) {
                times.add(p.outcomeAt());
            }
            RecoveryScript r = p.recovery();
            if (r != null) {
                Stream.of(r.acknowledgedAt(), r.diagnosedAt(), r.resolvedAt(),
                        r.answer() == null ? null : r.answer().at()).filter(Objects::nonNull).forEach(times::add);
            }
            assertThat(times).as(p.promiseId()).isSorted()
                    .allSatisfy(t -> assertThat(t).isBetween(NOW.minus(Duration.ofHours(24)), NOW));
        }
        assertThat(day.returns()).allSatisfy(r -> assertThat(r.at()).isBeforeOrEqualTo(NOW));
    }

    @Test
    void outcomes_fit_the_due_times() {
        for (DemoPromise p : day.promises()) {
            // Working time never runs faster than the wall clock, so madeAt + target is the earliest due time.
            Instant earliestDue = p.madeAt().plus(p.guarantee().target());
            switch (p.outcome()) {
                case KEPT -> assertThat(p.outcomeAt()).as(p.promiseId()).isBeforeOrEqualTo(earliestDue);
                case KEPT_LATE -> {
                    assertThat(p.guarantee().twentyFourSeven()).isTrue();
                    assertThat(p.outcomeAt()).as(p.promiseId()).isAfter(earliestDue);
                }
                case MISSED -> {
                    assertThat(p.outcomeAt()).isEqualTo(earliestDue);
                    // The watcher has broken it within seconds of it being made.
                    assertThat(p.outcomeAt().plus(DemoDay.WATCHER_GRACE)).isBefore(NOW.minus(Duration.ofMinutes(10)));
                }
                case OPEN -> assertThat(earliestDue).as(p.promiseId()).isAfter(NOW.plus(Duration.ofHours(1)));
                case REPORTED_BROKEN -> assertThat(p.breach()).isNotNull();
                default -> throw new AssertionError(p.outcome());
            }
            assertThat(p.opensRecovery()).isEqualTo(p.recovery() != null);
        }
    }

    @Test
    void the_day_has_several_guarantees_teams_failure_categories_and_hours() {
        assertThat(day.guarantees()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(day.guarantees()).anySatisfy(g -> assertThat(g.calendar()).isEqualTo(day.calendar().id()));
        assertThat(day.guarantees()).as("one names its own trust budget, the others share the configured one")
                .filteredOn(g -> g.trustBudget() != null).hasSize(1);
        assertThat(day.calendar().hours()).hasSize(5);
        assertThat(day.guarantees().stream().map(DemoDay.Guarantee::team).distinct()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(day.promises().stream().map(DemoPromise::outcome).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Outcome.values());
        // The watcher's breaches are all inefficiency; the reported ones cover the other categories.
        assertThat(day.promises().stream().filter(p -> p.breach() != null).map(p -> p.breach().category()).distinct())
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(day.breaches().stream().map(p -> p.outcomeAt().atZone(ZoneOffset.UTC).getHour()).distinct())
                .hasSizeGreaterThanOrEqualTo(8);
        assertThat(day.breaches().stream().map(p -> p.recovery().end()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(RecoveryEnd.values());
    }

    @Test
    void customers_fall_into_the_paradox_cohorts_they_are_named_for() {
        Map<String, Long> failures = day.promises().stream().filter(DemoPromise::failure)
                .collect(Collectors.groupingBy(p -> p.customer().id(), Collectors.counting()));
        for (DemoDay.Customer c : day.customers()) {
            long n = failures.getOrDefault(c.id(), 0L);
            boolean resolved = day.promises().stream().anyMatch(p -> p.customer().equals(c) && p.recovery() != null
                    && p.recovery().end() == RecoveryEnd.RESOLVED);
            Cohort cohort = n == 0 ? Cohort.NEVER_FAILED : n > 1 ? Cohort.REPEAT_FAILURE
                    : resolved ? Cohort.RECOVERED : Cohort.NOT_RECOVERED;
            assertThat(cohort).as(c.name()).isEqualTo(c.cohort());
        }
        assertThat(day.customers().stream().map(DemoDay.Customer::cohort).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Cohort.values());
        assertThat(day.returns().stream().map(r -> r.customer().cohort()).collect(Collectors.toSet()))
                .contains(Cohort.NEVER_FAILED, Cohort.RECOVERED);
    }

    @Test
    void every_resolved_recovery_has_an_answer_and_large_compensations_are_approved() {
        for (DemoPromise p : day.breaches()) {
            RecoveryScript r = p.recovery();
            assertThat(r.answer() != null).as(p.promiseId()).isEqualTo(r.end() == RecoveryEnd.RESOLVED);
            if (r.end() == RecoveryEnd.RESOLVED) {
                assertThat(r.answer().score()).isBetween(1, 5);
                // recovery-service's default approval limit is 50 per case.
                if (r.amount().doubleValue() > 50) {
                    assertThat(r.approvedBy()).as(p.promiseId()).isNotBlank();
                }
            }
        }
    }

    @Test
    void ids_are_unique_valid_and_new_in_every_run() {
        List<String> ids = Stream.concat(day.promises().stream().map(DemoPromise::promiseId),
                day.customers().stream().map(DemoDay.Customer::id)).toList();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> ID.matcher(id).matches());

        DemoDay later = DemoDay.generate(NOW.plusSeconds(1));
        Set<String> laterIds = Stream.concat(later.promises().stream().map(DemoPromise::promiseId),
                later.customers().stream().map(DemoDay.Customer::id)).collect(Collectors.toSet());
        assertThat(Collections.disjoint(ids, laterIds)).isTrue();
        assertThat(later.guarantees()).isEqualTo(day.guarantees());
        assertThat(later.calendar()).isEqualTo(day.calendar());
    }

    @Test
    void promises_are_posted_in_the_order_they_were_made() {
        assertThat(day.promises()).extracting(DemoPromise::madeAt).isSorted();
    }
}
