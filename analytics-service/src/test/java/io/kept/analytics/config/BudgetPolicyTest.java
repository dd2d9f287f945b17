package io.kept.analytics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.TrustBudget;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budgets as an operator writes them in configuration, and what a typo says at start-up. */
class BudgetPolicyTest {

    @Test
    void theDefaultsAreTheSreWorkbooksAlertsAndOneFailureInNinetyDays() {
        BudgetPolicy policy = new BudgetPolicy(BudgetPolicy.DEFAULT_ALERTS, TrustBudget.of(1, TrustBudget.DEFAULT_WINDOW));
        assertThat(policy.alerts()).containsExactly(
                new BudgetPolicy.Alert("page", Duration.ofHours(1), Duration.ofMinutes(5), new BigDecimal("14.4")),
                new BudgetPolicy.Alert("page", Duration.ofHours(6), Duration.ofMinutes(30), new BigDecimal("6")),
                new BudgetPolicy.Alert("ticket", Duration.ofDays(3), Duration.ofHours(6), new BigDecimal("1")));
        assertThat(policy.trust()).isEqualTo(new TrustBudget(1, Duration.ofDays(90)));
    }

    @Test
    void windowsMayBeWrittenShortOrInIso8601() {
        assertThat(BudgetPolicy.alerts("ticket P1D PT2H 2")).containsExactly(
                new BudgetPolicy.Alert("ticket", Duration.ofDays(1), Duration.ofHours(2), new BigDecimal("2")));
        assertThat(BudgetPolicy.window("k", "45s")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aValueThatDoesNotParseNamesTheKeyAndWhatIsWrong() {
        assertThatThrownBy(() -> BudgetPolicy.alerts("page 1h 14.4")).hasMessageContaining(BudgetPolicy.ALERTS)
                .hasMessageContaining("'page 1h 14.4'");
        assertThatThrownBy(() -> BudgetPolicy.alerts("warn 1h 5m 2")).hasMessageContaining("neither page nor ticket");
        assertThatThrownBy(() -> BudgetPolicy.alerts("page 5m 1h 2")).hasMessageContaining("longer than the long one");
        assertThatThrownBy(() -> BudgetPolicy.alerts("page 1h 5m fast")).hasMessageContaining("'fast' is not a number");
        assertThatThrownBy(() -> BudgetPolicy.alerts("page 1h 5m 0")).hasMessageContaining("above 0");
        assertThatThrownBy(() -> BudgetPolicy.alerts("page 1h 5m 2, ticket 1h 5m 1")).hasMessageContaining("appear twice");
        assertThatThrownBy(() -> TrustBudget.of(1, "a while"))
                .hasMessageContaining(TrustBudget.WINDOW).hasMessageContaining("'a while'");
        assertThatThrownBy(() -> TrustBudget.of(-1, "90d")).hasMessageContaining(TrustBudget.FAILURES);
        assertThatThrownBy(() -> BudgetPolicy.window("k", "0m")).hasMessageContaining("longer than 0");
    }
}
