package io.kept.analytics.projection;

import io.kept.events.TrustBudget;
import io.kept.eventstore.SqlTime;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRetired;
import io.kept.events.guarantee.GuaranteeRevised;
import java.util.List;

/** Table {@code guarantees}: name, objective, at-risk point and own trust budget of the newest version; retirement. */
public class GuaranteeProjection implements Projection {

    private final String table;

    GuaranteeProjection(ProjectionTables t) {
        this.table = t.table("guarantees");
    }

    @Override
    public void changes(ProjectedEvent e, List<Change> changes) {
        if (e.payload() instanceof GuaranteeDefined g) {
            changes.add(upsert(g.guaranteeId(), g.name(), g.objective(), g.atRiskAt(), g.version(), g.trustBudget()));
        } else if (e.payload() instanceof GuaranteeRevised g) {
            changes.add(upsert(g.guaranteeId(), g.name(), g.objective(), g.atRiskAt(), g.version(), g.trustBudget()));
        } else if (e.payload() instanceof GuaranteeRetired g) {
            changes.add(SqlChange.keyed(table, g.guaranteeId(), p -> "INSERT INTO " + table + " (guarantee_id, retired)"
                    + " VALUES (" + p.at(1) + ", true) ON CONFLICT (guarantee_id) DO UPDATE SET retired = true"));
        }
    }

    private SqlChange upsert(String id, String name, double objective, double atRiskAt, int version,
            TrustBudget trust) {
        // Revisions may be replayed out of order with nothing else; the highest version wins. The window is written
        // as days and seconds, as trust_budget's window is (customer_trust_at counts a day as 24 hours, in UTC).
        return SqlChange.keyed(table, id, p -> "INSERT INTO " + table + " AS g (guarantee_id, name, objective, at_risk_at,"
                + " version, trust_failures, trust_window) VALUES (" + p.list(1, 6) + ", make_interval(days => " + p.at(7)
                + ", secs => " + p.at(8) + ")) ON CONFLICT (guarantee_id) DO UPDATE SET name = EXCLUDED.name,"
                + " objective = EXCLUDED.objective, at_risk_at = EXCLUDED.at_risk_at, version = EXCLUDED.version, trust_failures = EXCLUDED.trust_failures,"
                + " trust_window = EXCLUDED.trust_window WHERE g.version IS NULL OR g.version < EXCLUDED.version",
                name, objective, atRiskAt, version, trust == null ? null : trust.failures(),
                SqlTime.intervalDays(trust == null ? null : trust.window()),
                SqlTime.intervalSeconds(trust == null ? null : trust.window()));
    }
}
