package io.kept.analytics.projection;

import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRetired;
import io.kept.events.guarantee.GuaranteeRevised;
import java.util.List;

/** Table {@code guarantees}: name, objective and at-risk point of the newest version; retirement. */
public class GuaranteeProjection implements Projection {

    @Override
    public void changes(ProjectionTables t, ProjectedEvent e, List<SqlChange> changes) {
        if (e.payload() instanceof GuaranteeDefined g) {
            changes.add(upsert(t, g.guaranteeId(), g.name(), g.objective(), g.atRiskAt(), g.version()));
        } else if (e.payload() instanceof GuaranteeRevised g) {
            changes.add(upsert(t, g.guaranteeId(), g.name(), g.objective(), g.atRiskAt(), g.version()));
        } else if (e.payload() instanceof GuaranteeRetired g) {
            changes.add(SqlChange.keyed("INSERT INTO " + t.table("guarantees") + " (guarantee_id, retired) VALUES ($1, true)"
                    + " ON CONFLICT (guarantee_id) DO UPDATE SET retired = true", g.guaranteeId()));
        }
    }

    private static SqlChange upsert(ProjectionTables t, String id, String name, double objective, double atRiskAt, int version) {
        // Revisions may be replayed out of order with nothing else; the highest version wins.
        String table = t.table("guarantees");
        return SqlChange.keyed("INSERT INTO " + table + " AS g (guarantee_id, name, objective, at_risk_at, version)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guarantee_id) DO UPDATE SET name = EXCLUDED.name,"
                + " objective = EXCLUDED.objective, at_risk_at = EXCLUDED.at_risk_at, version = EXCLUDED.version"
                + " WHERE g.version IS NULL OR g.version < EXCLUDED.version",
                id, name, objective, atRiskAt, version);
    }
}
