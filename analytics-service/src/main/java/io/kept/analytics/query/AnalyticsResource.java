package io.kept.analytics.query;

import io.kept.analytics.metrics.ProjectionLag;
import io.kept.events.Roles;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.Where;
import io.kept.eventstore.error.InvalidInputException;
import io.kept.eventstore.error.RequestJson;
import io.kept.eventstore.error.ResourceNotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reads of the BI views, for people and tools that prefer HTTP to SQL. Every read answers JSON,
 * or CSV with a header row when the client asks for {@code text/csv}.
 */
@Path("/analytics")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
@Tag(name = "Analytics", description = "Guarantee compliance, recovery, follow-up and pattern views")
public class AnalyticsResource {

    public static final String CSV = "text/csv";

    private final Pool pool;
    private final Clock clock;
    private final ProjectionLag projectionLag;
    private final String s;

    public AnalyticsResource(Pool pool, Clock clock, EventStoreConfig config, ProjectionLag projectionLag) {
        this.pool = pool;
        this.clock = clock;
        this.projectionLag = projectionLag;
        this.s = config.schema() + ".";
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/compliance")
    @Operation(summary = "Guarantee compliance per day or week",
            description = "From guarantee_compliance, or team_compliance when team is given. from/to are inclusive UTC "
                    + "dates (default: the last 28 days). groupBy=week sums the days of each ISO week (Monday first); "
                    + "error_budget_remaining is then the value on the week's last day.")
    public Uni<Response> compliance(HttpHeaders headers, @QueryParam("from") String from, @QueryParam("to") String to,
            @Parameter(description = "day or week") @QueryParam("groupBy") @DefaultValue("day") String groupBy,
            @QueryParam("guaranteeId") String guaranteeId, @QueryParam("team") String team) {
        LocalDate[] range = range(from, to);
        if (!groupBy.equals("day") && !groupBy.equals("week")) {
            throw new InvalidInputException("groupBy", "must be day or week");
        }
        String view = team != null ? "team_compliance" : "guarantee_compliance";
        String key = team != null ? "team" : "guarantee_id";
        Where where = Where.of("day BETWEEN $1 AND $2", range[0], range[1]).equal("team", team)
                .equal("guarantee_id", team == null ? guaranteeId : null);
        String sql;
        if (groupBy.equals("day")) {
            sql = "SELECT * FROM " + s + view + where.sql() + " ORDER BY " + key + ", day";
        } else {
            String budget = team != null ? ""
                    : ", max(objective) AS objective, (array_agg(error_budget_remaining ORDER BY day DESC))[1] AS error_budget_remaining";
            sql = "SELECT " + key + ", date_trunc('week', day)::date AS week, sum(made) AS made, sum(kept) AS kept,"
                    + " sum(broken) AS broken, sum(open) AS open,"
                    + " round(sum(kept)::numeric / nullif(sum(kept) + sum(broken), 0), 4) AS compliance_rate" + budget
                    + " FROM " + s + view + where.sql() + " GROUP BY 1, 2 ORDER BY 1, 2";
        }
        return answer(headers, sql, where.params());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/recoveries")
    @Operation(summary = "Recovery performance per day and severity", description = "From recovery_performance; "
            + "medians and 90th percentiles in minutes, computed by PostgreSQL (percentile_cont).")
    public Uni<Response> recoveries(HttpHeaders headers, @QueryParam("from") String from, @QueryParam("to") String to) {
        return days(headers, "recovery_performance", from, to, "day, severity");
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/followups")
    @Operation(summary = "Follow-up completion per due day and kind")
    public Uni<Response> followups(HttpHeaders headers, @QueryParam("from") String from, @QueryParam("to") String to) {
        return days(headers, "followup_completion", from, to, "day, kind");
    }

    /** Every row of a view by day, from {@code from} to {@code to} (inclusive UTC dates, default the last 28 days). */
    private Uni<Response> days(HttpHeaders headers, String view, String from, String to, String orderBy) {
        LocalDate[] range = range(from, to);
        return answer(headers, "SELECT * FROM " + s + view + " WHERE day BETWEEN $1 AND $2 ORDER BY " + orderBy,
                List.of(range[0], range[1]));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/patterns")
    @Operation(summary = "Failure patterns", description = "Broken promises by category, weekday (1 = Monday), hour of "
            + "day (UTC) and guarantee; same_problem_twice flags a guarantee whose recoveries found the same root cause again.")
    public Uni<Response> patterns(HttpHeaders headers, @QueryParam("guaranteeId") String guaranteeId) {
        return guaranteeId == null
                ? answer(headers, "SELECT * FROM " + s + "failure_patterns ORDER BY failures DESC, guarantee_id, category,"
                        + " weekday, hour_of_day", List.of())
                : answer(headers, "SELECT * FROM " + s + "failure_patterns WHERE guarantee_id = $1 ORDER BY failures DESC,"
                        + " category, weekday, hour_of_day", List.of(guaranteeId));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/paradox")
    @Operation(summary = "The service recovery paradox by cohort", description = "never_failed, recovered, "
            + "not_recovered, repeat_failure: customers, share who came back, average follow-up score.")
    public Uni<Response> paradox(HttpHeaders headers) {
        return answer(headers, "SELECT * FROM " + s + "recovery_paradox ORDER BY cohort", List.of());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/customers/{id}/timeline")
    @Operation(summary = "Everything that happened to a customer, oldest first", description = "With each event's "
            + "whole payload, free text included; the BI view customer_timeline (role kept_bi) carries only its ids, "
            + "categories, times, amounts and scores. The customer's trust budget status now (intact, spent or "
            + "overdrawn, as GET /analytics/customers/{id}/trust) is in the header " + TRUST_STATUS + ", with a Link to "
            + "that read (rel=\"trust\"); a customer who was never promised anything has neither.")
    @APIResponse(responseCode = "200", description = "The events, oldest first", headers = {
            @Header(name = TRUST_STATUS, description = "intact, spent or overdrawn", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Link", description = "</analytics/customers/{id}/trust>; rel=\"trust\"",
                    schema = @Schema(type = SchemaType.STRING))})
    public Uni<Response> timeline(HttpHeaders headers, @PathParam("id") String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("200") @Min(1) @Max(1000) int size) {
        Uni<Object> status = budgets(customerId, clock.instant().atOffset(ZoneOffset.UTC))
                .map(budgets -> budgets.isEmpty() ? null : budgets.get(0).get("status"));
        return status.flatMap(trust -> answer(headers, "SELECT customer_id, at, type, subject, detail FROM " + s
                + "timeline WHERE customer_id = $1 ORDER BY at, type" + Where.page(page, size),
                List.of(customerId)).map(response -> trust == null ? response
                        : Response.fromResponse(response).header(TRUST_STATUS, trust.toString())
                                .link(UriBuilder.fromPath("/analytics/customers/{id}/trust").build(customerId), "trust")
                                .build()));
    }

    /** The header that carries a customer's trust budget status beside their timeline. */
    static final String TRUST_STATUS = "Kept-Trust-Status";

    /** A customer's budgets, the one nearest to overdrawn first: a customer is as trusted as their worst budget. */
    private static final String WORST_FIRST = " ORDER BY CASE status WHEN 'overdrawn' THEN 0 WHEN 'spent' THEN 1 ELSE 2 END,"
            + " remaining, failures DESC, guarantee_id NULLS FIRST";

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/burn-rates")
    @Operation(summary = "Burn rate of each guarantee's error budget over the alert windows, and its alert state",
            description = "From guarantee_burn_rates. A promise kept in time is good, one broken or kept late is bad, "
                    + "counted when it was decided; 1 - objective is the error budget over the rolling 28 days. Per "
                    + "guarantee and window: bad, total, burn_rate (the bad share over the budget's share: 1 spends the "
                    + "budget in exactly 28 days), budget_consumed (this window's bad promises as a share of the 28-day "
                    + "budget) and alert_state, the guarantee's: page or ticket when an alert of the policy fires "
                    + "(burn rate at least its factor over both its windows; by default page at 14.4 over 1 h and 5 min "
                    + "or 6 over 6 h and 30 min, ticket at 1 over 3 d and 6 h), else ok. at: as of another instant "
                    + "(ISO-8601, default now).")
    public Uni<Response> burnRates(HttpHeaders headers, @QueryParam("guaranteeId") String guaranteeId,
            @Parameter(description = "ISO-8601 instant, default now") @QueryParam("at") String at) {
        Where where = asOf(at).equal("guarantee_id", guaranteeId);
        return answer(headers, "SELECT * FROM " + s + "guarantee_burn_rates_at($1)" + where.sql()
                + " ORDER BY guarantee_id, time_window", where.params());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/customers/trust")
    @Operation(summary = "Each customer's trust budget: failures in the rolling window against the budget",
            description = "From customer_trust. A failure is a promise broken or kept late; by default a customer may be "
                    + "failed once in 90 days (kept.trust.failures, kept.trust.window). A guarantee may name its own "
                    + "budget (PUT /guarantees, trustBudget): its failures then count against that budget alone. One row "
                    + "per customer and budget: guarantee_id is that guarantee, or absent for the configured budget that "
                    + "every other guarantee shares; budget and trust_window say what it allows. status: intact (no "
                    + "failure, or fewer than the budget), spent (exactly the budget), overdrawn (more). last_recovery "
                    + "says how the recovery of the last failure ended: resolved, abandoned, withdrawn, open, or none.")
    public Uni<Response> trust(HttpHeaders headers,
            @Parameter(description = "intact, spent or overdrawn") @QueryParam("status") String status,
            @Parameter(description = "ISO-8601 instant, default now") @QueryParam("at") String at,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        if (status != null && !List.of("intact", "spent", "overdrawn").contains(status)) {
            throw new InvalidInputException("status", "must be one of intact, spent, overdrawn");
        }
        Where where = asOf(at).equal("status", status);
        return answer(headers, "SELECT * FROM " + s + "customer_trust_at($1)" + where.sql()
                + " ORDER BY failures DESC, last_failure_at DESC NULLS LAST, customer_id, guarantee_id NULLS FIRST"
                + Where.page(page, size), where.params());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/customers/{id}/trust")
    @Operation(summary = "One customer's trust budget", description = "As GET /analytics/customers/trust, for one "
            + "customer: the fields of their worst budget (overdrawn before spent before intact, then the least remaining), "
            + "which is the status their timeline shows, and all their budgets in budgets (one unless a guarantee they "
            + "were promised under names its own).")
    @APIResponse(responseCode = "404", description = "No promise was made to this customer by then")
    public Uni<Map<String, Object>> customerTrust(@PathParam("id") String customerId,
            @Parameter(description = "ISO-8601 instant, default now") @QueryParam("at") String at) {
        return budgets(customerId, instant("at", at)).map(budgets -> {
            if (budgets.isEmpty()) {
                throw new ResourceNotFoundException("Customer", customerId);
            }
            Map<String, Object> worst = new java.util.LinkedHashMap<>(budgets.get(0));
            worst.put("budgets", budgets);
            return worst;
        });
    }

    /** A customer's rows of customer_trust as of {@code at}, the worst budget first; none if never promised anything. */
    private Uni<List<Map<String, Object>>> budgets(String customerId, OffsetDateTime at) {
        return pool.withConnection(c -> c.preparedQuery("SELECT * FROM " + s + "customer_trust_at($1) WHERE customer_id = $2"
                + WORST_FIRST).execute(Tuple.of(at, customerId))).map(rows -> Rows.of(rows).rows());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/at-risk")
    @Operation(summary = "Open promises past their at-risk point or overdue, most urgent first")
    public Uni<Response> atRisk(HttpHeaders headers, @QueryParam("guaranteeId") String guaranteeId,
            @QueryParam("team") String team,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        Where where = Where.of("status = 'open' AND (at_risk OR due_at <= $1)", clock.instant().atOffset(ZoneOffset.UTC))
                .equal("guarantee_id", guaranteeId).equal("team", team);
        return answer(headers, "SELECT promise_id, guarantee_id, customer_id, team, made_at, due_at, at_risk,"
                + " due_at <= $1 AS overdue FROM " + s + "promises" + where.sql() + " ORDER BY due_at, promise_id"
                + Where.page(page, size), where.params());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/lag")
    @Operation(summary = "How fresh the projections are", description = "Per topic: records not yet projected (lag, "
            + "from the consumer group's committed offsets; -1 until first measured), events projected, and as_of, the "
            + "business time of the newest projected event: the data BI users read is complete up to about then.")
    public Uni<Response> lag(HttpHeaders headers) {
        Map<String, Long> lag = projectionLag.lag();
        return pool.withConnection(c -> c.query("SELECT topic, events, last_event_at AS as_of, last_projected_at FROM " + s
                        + "projection_watermarks").execute()).map(Rows::of).map(rows -> {
                    Map<String, Map<String, Object>> byTopic = new java.util.TreeMap<>();
                    lag.forEach((topic, behind) -> {
                        Map<String, Object> row = new java.util.LinkedHashMap<>();
                        row.put("topic", topic);
                        row.put("lag", behind);
                        row.put("events", 0);
                        row.put("as_of", null);
                        row.put("last_projected_at", null);
                        byTopic.put(topic, row);
                    });
                    for (Map<String, Object> row : rows.rows()) {
                        Map<String, Object> target = byTopic.computeIfAbsent((String) row.get("topic"),
                                t -> new java.util.LinkedHashMap<>(Map.of("topic", t, "lag", -1L)));
                        target.put("events", row.get("events"));
                        target.put("as_of", row.get("as_of"));
                        target.put("last_projected_at", row.get("last_projected_at"));
                    }
                    return Response.ok(List.copyOf(byTopic.values()), MediaType.APPLICATION_JSON).build();
                });
    }

    private Uni<Response> answer(HttpHeaders headers, String sql, List<Object> params) {
        boolean csv = headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.valueOf(CSV)) && !m.isWildcardType());
        // On a connection of its own, never pool.preparedQuery: see Db.onConnection (vertx-sql-client#1706).
        return pool.withConnection(c -> c.preparedQuery(sql).execute(Tuple.from(params))).map(Rows::of).map(rows -> csv
                ? Response.ok(rows.csv(), CSV).build()
                : Response.ok(rows.rows(), MediaType.APPLICATION_JSON).build());
    }

    /** The filters of a view function as of {@code at} (its parameter $1): none yet. */
    private Where asOf(String at) {
        return Where.of("true", instant("at", at));
    }

    private OffsetDateTime instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return clock.instant().atOffset(ZoneOffset.UTC);
        }
        java.time.Instant instant;
        try {
            instant = java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + value + "' is not an ISO-8601 instant such as 2026-03-02T17:00:00Z");
        }
        if (!RequestJson.inWindow(instant)) {
            throw new InvalidInputException(field, "'" + value + "' is outside the times Kept reads, " + RequestJson.windowText());
        }
        return instant.atOffset(ZoneOffset.UTC);
    }

    private LocalDate[] range(String from, String to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate end = parse("to", to, today);
        LocalDate start = parse("from", from, end.minusDays(27));
        if (start.isAfter(end)) {
            throw new InvalidInputException("from", "must not be after to (" + end + ")");
        }
        return new LocalDate[] {start, end};
    }

    private static LocalDate parse(String field, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + value + "' is not a date (YYYY-MM-DD)");
        }
        if (!RequestJson.inWindow(RequestJson.toInstant(date))) {
            throw new InvalidInputException(field, "'" + value + "' is outside the dates Kept reads, "
                    + RequestJson.windowText());
        }
        return date;
    }
}
