package io.kept.analytics.config;

import io.kept.events.TrustBudget;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The two budgets the views judge by, from configuration into the tables {@code burn_rate_alerts} and
 * {@code trust_budget} at start-up, so that a BI tool reading the views and the REST reads judge alike:
 * <ul>
 * <li>{@value #ALERTS}: the burn-rate alerts, {@code severity long-window short-window factor} separated by commas
 * (default: the SRE workbook's {@value #DEFAULT_ALERTS});</li>
 * <li>{@code kept.trust.failures} and {@code kept.trust.window}: how many failures a customer may see in a rolling
 * window (default 1 in 90 days), the {@link TrustBudget} recovery-service escalates by.</li>
 * </ul>
 * Windows are {@code 5m}, {@code 6h}, {@code 3d} or ISO-8601 ({@code PT5M}). A value that does not parse stops the
 * service at start-up, naming the key. Every replica should carry the same values: the last one started wins.
 */
@ApplicationScoped
public class BudgetPolicy {

    public static final String ALERTS = "kept.analytics.burn-rate.alerts";
    static final String DEFAULT_ALERTS = "page 1h 5m 14.4, page 6h 30m 6, ticket 3d 6h 1";

    /** One alert: it fires when the burn rate is at least {@code factor} over both windows. */
    public record Alert(String severity, Duration longWindow, Duration shortWindow, BigDecimal factor) {
    }

    private final List<Alert> alerts;
    private final TrustBudget trust;

    public BudgetPolicy(@ConfigProperty(name = "kept.analytics.burn-rate.alerts", defaultValue = DEFAULT_ALERTS) String alerts, TrustBudget trust) {
        this.alerts = alerts(alerts);
        this.trust = trust;
    }

    public List<Alert> alerts() {
        return alerts;
    }

    public TrustBudget trust() {
        return trust;
    }

    void write(@Observes StartupEvent start, Pool pool, EventStoreConfig config) {
        String s = config.schema() + ".";
        pool.withTransaction(c -> c.query("DELETE FROM " + s + "burn_rate_alerts").execute()
                        .chain(() -> c.preparedQuery("INSERT INTO " + s + "burn_rate_alerts VALUES ($1,"
                                        + " make_interval(days => $2, secs => $3), make_interval(days => $4, secs => $5), $6)")
                                .executeBatch(alerts.stream().map(a -> Tuple.tuple()
                                        .addValue(a.severity())
                                        .addValue(SqlTime.intervalDays(a.longWindow()))
                                        .addValue(SqlTime.intervalSeconds(a.longWindow()))
                                        .addValue(SqlTime.intervalDays(a.shortWindow()))
                                        .addValue(SqlTime.intervalSeconds(a.shortWindow()))
                                        .addValue(a.factor())).toList()))
                        .chain(() -> c.preparedQuery("UPDATE " + s + "trust_budget SET failures = $1,"
                                        + " trust_window = make_interval(days => $2, secs => $3)")
                                .execute(Tuple.of(trust.failures(), SqlTime.intervalDays(trust.window()),
                                        SqlTime.intervalSeconds(trust.window())))))
                .await().atMost(Duration.ofSeconds(30));
        Log.infof("Burn-rate alerts %s; trust budget %d failure(s) in %s", alerts, trust.failures(), trust.window());
    }

    static List<Alert> alerts(String text) {
        List<Alert> alerts = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        for (String part : text.split(",")) {
            String[] f = part.trim().split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException(ALERTS + ": '" + part.trim() + "' is not 'severity long-window"
                        + " short-window factor' (e.g. 'page 1h 5m 14.4')");
            }
            String severity = f[0].toLowerCase(Locale.ROOT);
            if (!severity.equals("page") && !severity.equals("ticket")) {
                throw new IllegalArgumentException(ALERTS + ": severity '" + f[0] + "' is neither page nor ticket");
            }
            Duration longWindow = window(ALERTS, f[1]);
            Duration shortWindow = window(ALERTS, f[2]);
            if (shortWindow.compareTo(longWindow) > 0) {
                throw new IllegalArgumentException(ALERTS + ": the short window " + f[2] + " is longer than the long one " + f[1]);
            }
            BigDecimal factor;
            try {
                factor = new BigDecimal(f[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ALERTS + ": factor '" + f[3] + "' is not a number");
            }
            if (factor.signum() <= 0) {
                throw new IllegalArgumentException(ALERTS + ": factor " + f[3] + " must be above 0");
            }
            if (!pairs.add(longWindow + "/" + shortWindow)) {
                throw new IllegalArgumentException(ALERTS + ": the windows " + f[1] + " and " + f[2] + " appear twice");
            }
            alerts.add(new Alert(severity, longWindow, shortWindow, factor));
        }
        return List.copyOf(alerts);
    }

    static Duration window(String key, String text) {
        return TrustBudget.window(key, text);
    }
}
