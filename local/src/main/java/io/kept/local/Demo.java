package io.kept.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kept.local.DemoDay.DemoPromise;
import io.kept.local.DemoDay.Guarantee;
import io.kept.local.DemoDay.Outcome;
import io.kept.local.DemoDay.RecoveryEnd;
import io.kept.local.DemoDay.RecoveryScript;
import io.kept.events.Roles;
import io.kept.testkit.Tokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ./kept demo}: posts a {@link DemoDay} into a running Kept over HTTP only, the way other
 * systems would, drives the recoveries and follow-ups that the services open on their own, waits
 * until analytics-service shows it all, and prints where to look.
 */
public final class Demo {

    private static final String HOST = "127.0.0.1";
    /** How long each wait for the asynchronous parts (watcher, consumers, projections) may take. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);

    private enum Service {
        PROMISE("promise-service", 8081), RECOVERY("recovery-service", 8082), FOLLOWUP("followup-service", 8083),
        ANALYTICS("analytics-service", 8084);

        final String displayName;
        final int port;

        Service(String displayName, int port) {
            this.displayName = displayName;
            this.port = port;
        }

        String url(String path) {
            return "http://" + HOST + ":" + port + path;
        }
    }

    /** Ends the demo with a message for the user and exit code 1. */
    static final class DemoFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }

    private record Answer(String request, int status, JsonNode body) {

        boolean concurrencyConflict() {
            return status == 409 && body.path("type").asText().endsWith("concurrency-conflict");
        }

        String problem() {
            String detail = body.path("detail").asText(body.path("title").asText(""));
            return detail.isEmpty() ? body.toString() : detail;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Leaves out absent (null) fields, which the services read as "not given". */
    private final ObjectMapper json = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    private final String jdbcUrl;
    private final long started = System.nanoTime();
    private final List<String> notes = new ArrayList<>();

    /** The timeline entries ({@code type subject}) each customer must show before the views count as filled. */
    private final Map<String, Set<String>> expected = new LinkedHashMap<>();
    private final Map<String, String> recoveryIds = new HashMap<>();
    private int requests;

    /** ./kept's development signing key: the demo signs a token for each actor of its day. */
    private final Path keys;
    private final Map<String, String> tokens = new HashMap<>();

    private Demo(String jdbcUrl, Path keys) {
        this.jdbcUrl = jdbcUrl;
        this.keys = keys;
    }

    /** The token of the system that feeds Kept (promises, reports, guarantees, reads). */
    private String system() {
        return token("kept-demo", Roles.INGEST, Roles.ADMIN, Roles.READER);
    }

    private String token(String subject, String... roles) {
        return tokens.computeIfAbsent(subject + " " + String.join(",", roles),
                k -> Tokens.sign(keys, Tokens.LOCAL_ISSUER, subject, List.of(roles), Duration.ofHours(1)));
    }

    public static void main(String[] args) {
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:15432/kept";
        Path keys = Path.of(".kept", "jwt");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--db-url") && i + 1 < args.length) {
                jdbcUrl = args[++i];
            } else if (args[i].equals("--keys") && i + 1 < args.length) {
                keys = Path.of(args[++i]);
            } else {
                System.err.println("Usage: Demo [--db-url jdbc:postgresql://host:port/db] [--keys .kept/jwt]");
                System.exit(2);
            }
        }
        try {
            new Demo(jdbcUrl, keys).run(DemoDay.generate(Instant.now()));
        } catch (DemoFailure e) {
            System.err.println("kept demo: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    private void run(DemoDay day) throws DemoFailure, InterruptedException {
        requireReady();
        say("Posting a day of sample data into Kept (run %s, the 24 hours up to %s)", day.runId(), day.now());

        define(day);
        makePromises(day);
        recover(day);
        followUp(day);
        customersReturned(day);
        double filledAfter = awaitAnalytics(day);

        summary(day);
        whereToLook(day);
        notes.forEach(note -> say("Note: %s", note));
        say("");
        say("Done: %d requests; analytics showed the whole day %.1f s after the first one.", requests, filledAfter);
        say("");
        say("The dashboard (signed in as a reader for 8 hours):");
        say("  %s", Service.ANALYTICS.url("/#token=" + Tokens.sign(keys, Tokens.LOCAL_ISSUER, "dashboard", List.of(Roles.READER),
                Duration.ofHours(8))));
    }

    // ------------------------------------------------------------------------------------ steps

    private void requireReady() throws DemoFailure, InterruptedException {
        List<String> notReady = new ArrayList<>();
        for (Service service : Service.values()) {
            try {
                if (send(system(), "GET", service.url("/q/health/ready"), null).status() != 200) {
                    notReady.add(service.displayName + " (not ready)");
                }
            } catch (DemoFailure e) {
                notReady.add(service.displayName + " (not running)");
            }
        }
        if (!notReady.isEmpty()) {
            throw new DemoFailure("Kept is not running or not ready: " + String.join(", ", notReady)
                    + ". Start it with ./kept up --detach, check ./kept status, then run ./kept demo again.");
        }
    }

    private void define(DemoDay day) throws DemoFailure, InterruptedException {
        DemoDay.Calendar calendar = day.calendar();
        Map<String, Object> hours = new LinkedHashMap<>();
        calendar.hours().forEach((weekday, periods) -> hours.put(weekday.name().toLowerCase(Locale.ROOT),
                periods.stream().map(p -> Map.of("from", p.from().toString(), "to", p.to().toString())).toList()));
        expect(call("PUT", Service.PROMISE, "/calendars/" + calendar.id(), Map.of("zone", calendar.zone().getId(),
                "hours", hours, "holidays", calendar.holidays().stream().map(LocalDate::toString).toList())), 200);
        for (Guarantee g : day.guarantees()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", g.name());
            body.put("customerProblem", g.customerProblem());
            body.put("promise", g.promise());
            body.put("target", g.target().toString());
            body.put("calendar", g.calendar());
            body.put("objective", g.objective());
            body.put("atRiskAt", 0.8);
            if (g.trustBudget() != null) {
                body.put("trustBudget", Map.of("failures", g.trustBudget().failures(),
                        "window", g.trustBudget().window().toString()));
            }
            expect(call("PUT", Service.PROMISE, "/guarantees/" + g.id(), body), 200, 201);
        }
        say("  business calendar %s (%s, Mon-Fri 08-12 and 13-18, %d holidays)", calendar.id(), calendar.zone(),
                calendar.holidays().size());
        for (Guarantee g : day.guarantees()) {
            say("  guarantee %-19s %-5s %-12s objective %.0f%%  team %s%s", g.id(), g.target().toString().substring(2),
                    g.calendar(), g.objective() * 100, g.team(), g.trustBudget() == null ? ""
                            : "  its own trust budget: " + g.trustBudget().failures() + " failures in "
                                    + g.trustBudget().window().toDays() + " days");
        }
    }

    private void makePromises(DemoDay day) throws DemoFailure, InterruptedException {
        Map<Outcome, Integer> counts = new LinkedHashMap<>();
        for (DemoPromise p : day.promises()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("promiseId", p.promiseId());
            body.put("guaranteeId", p.guarantee().id());
            body.put("customerId", p.customer().id());
            body.put("madeAt", p.madeAt().toString());
            body.put("channel", p.channel());
            body.put("team", p.guarantee().team());
            body.put("agent", p.agent());
            Answer made = expect(call("POST", Service.PROMISE, "/promises", body), 201);
            Instant dueAt = Instant.parse(made.body().path("dueAt").asText());
            String terminal = switch (p.outcome()) {
                case KEPT -> {
                    expect(call("POST", Service.PROMISE, "/promises/" + p.promiseId() + "/kept",
                            Map.of("keptAt", p.outcomeAt().toString())), 200);
                    yield "io.kept.promise.kept";
                }
                case KEPT_LATE -> {
                    Answer kept = call("POST", Service.PROMISE, "/promises/" + p.promiseId() + "/kept",
                            Map.of("keptAt", p.outcomeAt().toString()));
                    if (kept.status() == 409) {
                        // The deadline watcher broke it between our two requests: the data says missed, not late.
                        notes.add(p.promiseId() + " was broken by the deadline watcher before its late report arrived");
                        yield "io.kept.promise.broken";
                    }
                    expect(kept, 200);
                    yield "io.kept.promise.kept";
                }
                case REPORTED_BROKEN -> {
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("brokenAt", p.outcomeAt().toString());
                    report.put("category", p.breach().category().value());
                    report.put("severity", p.breach().severity().value());
                    report.put("avoidable", p.breach().avoidable());
                    report.put("description", p.breach().description());
                    Answer broken = call("POST", Service.PROMISE, "/promises/" + p.promiseId() + "/broken", report);
                    if (broken.status() == 409) {
                        notes.add(p.promiseId() + " was broken by the deadline watcher before its report arrived"
                                + " (it counts as " + "inefficiency, not " + p.breach().category().value() + ")");
                    } else {
                        expect(broken, 200);
                    }
                    yield "io.kept.promise.broken";
                }
                case MISSED -> {
                    if (!dueAt.plus(DemoDay.WATCHER_GRACE).isBefore(Instant.now())) {
                        throw new DemoFailure("promise " + p.promiseId() + " is due at " + dueAt
                                + ", not in the past as planned");
                    }
                    yield "io.kept.promise.broken";
                }
                case OPEN -> "io.kept.promise.made";
            };
            onTimeline(p.customer().id(), terminal, p.promiseId());
            counts.merge(p.outcome(), 1, Integer::sum);
        }
        Set<String> teams = new TreeSet<>();
        day.guarantees().forEach(g -> teams.add(g.team()));
        say("  %d promises over the last 24 h for %d customers of %d teams: %d kept, %d kept late, %d reported broken,"
                        + " %d left open past their due time, %d still open",
                day.promises().size(), day.customers().size(), teams.size(), counts.getOrDefault(Outcome.KEPT, 0),
                counts.getOrDefault(Outcome.KEPT_LATE, 0), counts.getOrDefault(Outcome.REPORTED_BROKEN, 0),
                counts.getOrDefault(Outcome.MISSED, 0), counts.getOrDefault(Outcome.OPEN, 0));
    }

    /** Waits for recovery-service to open a recovery per breach (the watcher's too), then works each one. */
    private void recover(DemoDay day) throws DemoFailure, InterruptedException {
        List<DemoPromise> breaches = day.breaches();
        long missed = breaches.stream().filter(p -> p.outcome() == Outcome.MISSED).count();
        say("  waiting for the deadline watcher to break %d overdue promises and recovery-service to open %d recoveries",
                missed, breaches.size());
        long waitStarted = System.nanoTime();
        Map<String, Set<String>> pendingByCustomer = new LinkedHashMap<>();
        for (DemoPromise p : breaches) {
            pendingByCustomer.computeIfAbsent(p.customer().id(), c -> new HashSet<>()).add(p.promiseId());
        }
        Instant deadline = Instant.now().plus(WAIT);
        while (!pendingByCustomer.isEmpty()) {
            for (var it = pendingByCustomer.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                JsonNode page = expect(call("GET", Service.RECOVERY, "/recoveries?size=500&customerId="
                        + encode(entry.getKey()), null), 200).body();
                for (JsonNode item : page.path("items")) {
                    String promiseId = item.path("promiseId").asText();
                    if (entry.getValue().remove(promiseId)) {
                        recoveryIds.put(promiseId, item.path("recoveryId").asText());
                    }
                }
                if (entry.getValue().isEmpty()) {
                    it.remove();
                }
            }
            if (!pendingByCustomer.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new DemoFailure(String.format("recovery-service opened %d of %d recoveries within %d s;"
                                    + " still missing those of promises %s. See ./kept logs promise and ./kept logs recovery.",
                            recoveryIds.size(), breaches.size(), WAIT.toSeconds(), pendingByCustomer.values()));
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        say("  %d recoveries opened after %.1f s", recoveryIds.size(), seconds(System.nanoTime() - waitStarted));

        Map<RecoveryEnd, Integer> ends = new LinkedHashMap<>();
        BigDecimal compensation = BigDecimal.ZERO;
        List<DemoPromise> byBreach = new ArrayList<>(breaches);
        byBreach.sort(Comparator.comparing(DemoPromise::outcomeAt));
        for (DemoPromise p : byBreach) {
            RecoveryScript r = p.recovery();
            String id = recoveryIds.get(p.promiseId());
            String path = "/recoveries/" + id + "/";
            String last = "io.kept.recovery.opened";
            // Each step is taken by the agent of the script, with their own token: the events name them.
            String agent = token(r.by() == null ? "agent-1" : r.by(), Roles.AGENT);
            if (r.end() != RecoveryEnd.OPENED) {
                expect(call(agent, "POST", Service.RECOVERY, path + "acknowledged", Map.of("at", r.acknowledgedAt().toString(),
                        "apology", r.apology())), 200);
                last = "io.kept.recovery.acknowledged";
            }
            if (r.diagnosedAt() != null) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("at", r.diagnosedAt().toString());
                body.put("customerProblem", r.customerProblem());
                body.put("rootCause", r.rootCause());
                expect(call(agent, "POST", Service.RECOVERY, path + "diagnosed", body), 200);
                last = "io.kept.recovery.diagnosed";
            }
            if (r.end() == RecoveryEnd.RESOLVED) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("at", r.resolvedAt().toString());
                body.put("resolution", r.resolution());
                body.put("compensation", Map.of("kind", r.compensation().value(), "amount", r.amount(),
                        "currency", DemoDay.CURRENCY));
                body.put("extraMile", r.extraMile());
                // Above the agent's limit, the supervisor resolves it and is recorded as its approver.
                String resolver = r.approvedBy() == null ? agent : token(r.approvedBy(), Roles.SUPERVISOR);
                expect(call(resolver, "POST", Service.RECOVERY, path + "resolved", body), 200);
                last = "io.kept.recovery.resolved";
                compensation = compensation.add(r.amount());
            } else if (r.end() == RecoveryEnd.ABANDONED) {
                expect(call(agent, "POST", Service.RECOVERY, path + "abandoned", Map.of("at", r.resolvedAt().toString(),
                        "reason", r.abandonReason())), 200);
                last = "io.kept.recovery.abandoned";
            }
            onTimeline(p.customer().id(), last, id);
            ends.merge(r.end(), 1, Integer::sum);
        }
        say("  recoveries: %d resolved (EUR %s compensation), %d acknowledged, %d abandoned, %d left untouched",
                ends.getOrDefault(RecoveryEnd.RESOLVED, 0), compensation.toPlainString(),
                ends.getOrDefault(RecoveryEnd.ACKNOWLEDGED, 0), ends.getOrDefault(RecoveryEnd.ABANDONED, 0),
                ends.getOrDefault(RecoveryEnd.OPENED, 0));
    }

    /** Waits for followup-service to schedule a satisfaction check per resolved recovery, then records the answers. */
    private void followUp(DemoDay day) throws DemoFailure, InterruptedException {
        Map<String, DemoPromise> byRecovery = new LinkedHashMap<>();
        for (DemoPromise p : day.breaches()) {
            if (p.recovery().answer() != null) {
                byRecovery.put(recoveryIds.get(p.promiseId()), p);
            }
        }
        long waitStarted = System.nanoTime();
        Map<String, String> followUpIds = new LinkedHashMap<>();
        Set<String> customers = new LinkedHashSet<>();
        byRecovery.values().forEach(p -> customers.add(p.customer().id()));
        Instant deadline = Instant.now().plus(WAIT);
        while (followUpIds.size() < byRecovery.size()) {
            for (String customer : customers) {
                JsonNode page = expect(call("GET", Service.FOLLOWUP, "/followups?size=500&customerId=" + encode(customer),
                        null), 200).body();
                for (JsonNode item : page.path("items")) {
                    String recoveryId = item.path("recoveryId").asText();
                    if (item.path("kind").asText().equals("satisfaction-check") && byRecovery.containsKey(recoveryId)) {
                        followUpIds.put(recoveryId, item.path("followUpId").asText());
                    }
                }
            }
            if (followUpIds.size() < byRecovery.size()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new DemoFailure(String.format("followup-service scheduled %d of %d satisfaction checks within"
                            + " %d s. See ./kept logs followup.", followUpIds.size(), byRecovery.size(), WAIT.toSeconds()));
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        say("  %d satisfaction checks scheduled after %.1f s", followUpIds.size(), seconds(System.nanoTime() - waitStarted));
        int satisfied = 0;
        for (var entry : byRecovery.entrySet()) {
            DemoDay.Answer answer = entry.getValue().recovery().answer();
            String followUpId = followUpIds.get(entry.getKey());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("at", answer.at().toString());
            body.put("satisfied", answer.satisfied());
            body.put("score", answer.score());
            body.put("retained", answer.retained());
            body.put("comment", answer.comment());
            expect(call(token("care-team", Roles.AGENT), "POST", Service.FOLLOWUP, "/followups/" + followUpId + "/completed",
                    body), 200);
            onTimeline(entry.getValue().customer().id(), "io.kept.followup.completed", followUpId);
            satisfied += answer.satisfied() ? 1 : 0;
        }
        say("  %d satisfaction checks answered (%d satisfied); the check-ins stay due in 3 days", byRecovery.size(),
                satisfied);
    }

    private void customersReturned(DemoDay day) throws DemoFailure, InterruptedException {
        for (DemoDay.Return r : day.returns()) {
            expect(call("POST", Service.FOLLOWUP, "/customers/" + r.customer().id() + "/returned",
                    Map.of("at", r.at().toString(), "reference", r.reference())), 200, 201);
            onTimeline(r.customer().id(), "io.kept.customer.returned", r.customer().id());
        }
        say("  %d customers came back: %s", day.returns().size(),
                String.join(", ", day.returns().stream().map(r -> r.customer().name()).toList()));
    }

    /** Waits until every customer's timeline shows what was posted for them; answers the seconds since the start. */
    private double awaitAnalytics(DemoDay day) throws DemoFailure, InterruptedException {
        say("  waiting for analytics-service to project it all");
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        expected.forEach((customer, entries) -> missing.put(customer, new HashSet<>(entries)));
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            for (var it = missing.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                JsonNode rows = expect(call("GET", Service.ANALYTICS, "/analytics/customers/" + encode(entry.getKey())
                        + "/timeline?size=1000", null), 200).body();
                for (JsonNode row : rows) {
                    entry.getValue().remove(row.path("type").asText() + " " + row.path("subject").asText());
                }
                if (entry.getValue().isEmpty()) {
                    it.remove();
                }
            }
            if (missing.isEmpty() && cohortsFilled()) {
                return seconds(System.nanoTime() - started);
            }
            if (Instant.now().isAfter(deadline)) {
                int left = missing.values().stream().mapToInt(Set::size).sum();
                throw new DemoFailure(String.format("everything was posted, but after %d s analytics-service still"
                                + " lacks %d events (e.g. %s) or a paradox cohort. Is it consuming? See"
                                + " http://127.0.0.1:8084/analytics/lag and ./kept logs analytics.", WAIT.toSeconds(),
                        left, missing.values().stream().flatMap(Set::stream).findFirst().orElse("-")));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean cohortsFilled() throws DemoFailure, InterruptedException {
        Set<String> cohorts = new HashSet<>();
        for (JsonNode row : expect(call("GET", Service.ANALYTICS, "/analytics/paradox", null), 200).body()) {
            cohorts.add(row.path("cohort").asText());
        }
        return cohorts.size() == DemoDay.Cohort.values().length;
    }

    // ---------------------------------------------------------------------------------- output

    private void summary(DemoDay day) throws DemoFailure, InterruptedException {
        LocalDate today = LocalDate.ofInstant(day.now(), ZoneOffset.UTC);
        say("");
        say("Compliance per guarantee and UTC day (GET /analytics/compliance; all runs so far):");
        say("  %-19s %-10s %5s %5s %6s %5s %10s %7s", "guarantee", "day", "made", "kept", "broken", "open",
                "compliance", "budget");
        JsonNode compliance = expect(call("GET", Service.ANALYTICS, "/analytics/compliance?from=" + today.minusDays(1)
                + "&to=" + today, null), 200).body();
        Set<String> ours = new HashSet<>();
        day.guarantees().forEach(g -> ours.add(g.id()));
        for (JsonNode row : compliance) {
            if (ours.contains(row.path("guarantee_id").asText())) {
                say("  %-19s %-10s %5s %5s %6s %5s %10s %7s", row.path("guarantee_id").asText(),
                        row.path("day").asText(), row.path("made").asText(), row.path("kept").asText(),
                        row.path("broken").asText(), row.path("open").asText(), percent(row.path("compliance_rate")),
                        percent(row.path("error_budget_remaining")));
            }
        }
        say("");
        say("The service recovery paradox (GET /analytics/paradox):");
        say("  %-15s %9s %9s %9s", "cohort", "customers", "returned", "avg score");
        for (JsonNode row : expect(call("GET", Service.ANALYTICS, "/analytics/paradox", null), 200).body()) {
            say("  %-15s %9s %9s %9s", row.path("cohort").asText(), row.path("customers").asText(),
                    percent(row.path("returned_rate")), row.path("avg_score").asText("-"));
        }
        JsonNode patterns = expect(call("GET", Service.ANALYTICS, "/analytics/patterns", null), 200).body();
        Set<String> categories = new TreeSet<>();
        Set<Integer> hours = new TreeSet<>();
        for (JsonNode row : patterns) {
            if (ours.contains(row.path("guarantee_id").asText())) {
                categories.add(row.path("category").asText());
                hours.add(row.path("hour_of_day").asInt());
            }
        }
        say("");
        say("Failure patterns (GET /analytics/patterns): %d rows, categories %s, at UTC hours %s", patterns.size(),
                String.join(", ", categories), hours);
    }

    private void whereToLook(DemoDay day) {
        String showcase = day.customer("milan").id();
        String recovered = day.customer("farid").id();
        say("");
        say("Where to look (JSON; add -H 'Accept: text/csv' for CSV). Each read needs a token, for example:");
        say("  curl -H \"Authorization: Bearer $(./kept token --role kept-reader)\" %s",
                Service.ANALYTICS.url("/analytics/compliance"));
        say("  compliance        %s", Service.ANALYTICS.url("/analytics/compliance"));
        say("  by team           %s", Service.ANALYTICS.url("/analytics/compliance?team=logistics"));
        say("  recoveries        %s", Service.ANALYTICS.url("/analytics/recoveries"));
        say("  follow-ups        %s", Service.ANALYTICS.url("/analytics/followups"));
        say("  failure patterns  %s", Service.ANALYTICS.url("/analytics/patterns"));
        say("  recovery paradox  %s", Service.ANALYTICS.url("/analytics/paradox"));
        say("  at risk           %s", Service.ANALYTICS.url("/analytics/at-risk"));
        say("  a repeat failure  %s", Service.ANALYTICS.url("/analytics/customers/" + showcase + "/timeline"));
        say("  a recovered one   %s", Service.ANALYTICS.url("/analytics/customers/" + recovered + "/timeline"));
        say("  worklists         %s  %s", Service.RECOVERY.url("/recoveries?status=acknowledged"),
                Service.FOLLOWUP.url("/followups?status=due"));
        for (Service service : Service.values()) {
            say("  Swagger UI        %-70s (%s)", service.url("/q/swagger-ui"), service.displayName);
        }
        say("  BI tools (SQL)    %s  user kept_bi, password kept_bi, schema analytics", jdbcUrl);
    }

    // ------------------------------------------------------------------------------------ HTTP

    /** Records that the customer's timeline must show this event before the views count as filled. */
    private void onTimeline(String customerId, String type, String subject) {
        expected.computeIfAbsent(customerId, c -> new LinkedHashSet<>()).add(type + " " + subject);
    }

    /**
     * One request. A concurrency conflict (a 409 whose problem type is {@code concurrency-conflict}) is retried:
     * it means that a watcher of the service appended to the same stream at that moment (say an at-risk
     * warning) and nothing of this request was written.
     */
    private Answer call(String method, Service service, String path, Object body) throws DemoFailure, InterruptedException {
        return call(system(), method, service, path, body);
    }

    private Answer call(String token, String method, Service service, String path, Object body)
            throws DemoFailure, InterruptedException {
        try {
            String text = body == null ? null : json.writeValueAsString(body);
            Answer answer = send(token, method, service.url(path), text);
            for (int retry = 1; retry <= 5 && answer.concurrencyConflict(); retry++) {
                Thread.sleep(50L * retry);
                answer = send(token, method, service.url(path), text);
            }
            return answer;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (DemoFailure e) {
            throw new DemoFailure(service.displayName + ": " + e.getMessage());
        }
    }

    private Answer send(String token, String method, String url, String body) throws DemoFailure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new DemoFailure("nothing answers at " + url + "; is Kept running (./kept status)?");
        } catch (IOException e) {
            throw new DemoFailure(method + " " + url + " failed: " + e);
        }
        requests++;
        JsonNode answer = MissingNode.getInstance();
        if (!response.body().isBlank()) {
            try {
                answer = json.readTree(response.body());
            } catch (JsonProcessingException e) {
                answer = json.getNodeFactory().textNode(response.body());
            }
        }
        return new Answer(method + " " + url, response.statusCode(), answer);
    }

    private static Answer expect(Answer answer, int... statuses) throws DemoFailure {
        for (int status : statuses) {
            if (answer.status() == status) {
                return answer;
            }
        }
        throw new DemoFailure(answer.request() + " answered HTTP " + answer.status() + ": " + answer.problem());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String percent(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : String.format("%.0f%%", value.asDouble() * 100);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
