package io.kept.promise.watcher;

import static io.kept.promise.PromiseTestSupport.guarantee;
import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.kept.promise.PromiseTestSupport;
import io.kept.testkit.Api;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.MutableClock;
import io.kept.testkit.OnVertx;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.Replicas;
import io.kept.testkit.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class DeadlineWatcherIT {

    private static final Instant MADE = Instant.parse("2026-04-01T08:00:00Z");
    private static final Instant DUE = MADE.plusSeconds(10 * 3600);

    private final DeadlineWatcher watcher;
    private final MutableClock clock;

    DeadlineWatcherIT(DeadlineWatcher watcher, MutableClock clock) {
        this.watcher = watcher;
        this.clock = clock;
    }

    private static String make(String guarantee) {
        String id = "p-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"promiseId":"%s","guaranteeId":"%s","customerId":"c-watch","madeAt":"%s","dueAt":"%s"}
                """.formatted(id, guarantee, MADE, DUE)).post("/promises").then().statusCode(201);
        return id;
    }

    /** {@code count} promises on the guarantee, all due at DUE. */
    private static List<String> makeAll(String guarantee, int count) {
        return IntStream.range(0, count).mapToObj(i -> make(guarantee)).toList();
    }

    private static List<String> types(String promiseId) {
        return given().get("/promises/" + promiseId).then().statusCode(200).extract().jsonPath().getList("history.type");
    }

    @Test
    void twoWatchersRacingBreakEachOverduePromiseExactlyOnce() throws Exception {
        // More promises than a round checks at once (kept.watchers.concurrency, 32), so each replica has several
        // in flight and the two meet on many of them.
        List<String> overdue = makeAll(guarantee("PT10H", "24x7"), 40);
        Instant now = DUE.plusSeconds(61);
        clock.set(now);

        List<Integer> appended = Replicas.race(2, () -> OnVertx.await(() -> watcher.runOnce(now)));

        assertThat(appended.stream().mapToInt(Integer::intValue).sum()).as("breaches appended by both replicas")
                .isGreaterThanOrEqualTo(overdue.size());

        for (String id : overdue) {
            assertThat(types(id)).as(id).containsExactly("io.kept.promise.made", "io.kept.promise.broken");
            given().get("/promises/" + id).then().body("status", equalTo("broken"))
                    .body("breachCause", equalTo("deadline-missed"))
                    .body("history[1].data.brokenAt", equalTo(DUE.toString()));
        }
    }

    @Test
    void twoReplicasShareTheDuePromisesAndOneRoundBreaksThemAll() throws Exception {
        String guarantee = guarantee("PT10H", "24x7");
        // More than two chunks of kept.watchers.deadline.batch-size (500): a round that took one chunk would leave most open,
        // and two replicas that took the same first chunk would each check every promise.
        int count = 1_250;
        String prefix = "p-shared-" + UUID.randomUUID() + "-";
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add("""
                    {"promiseId":"%s%d","guaranteeId":"%s","customerId":"c-watch","madeAt":"%s","dueAt":"%s"}
                    """.formatted(prefix, i, guarantee, MADE, DUE));
        }
        for (int from = 0; from < count; from += 250) {
            assertThat(PromiseTestSupport.postAll("/promises", "application/json", bodies.subList(from, from + 250)))
                    .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(201));
        }
        Instant now = DUE.plusSeconds(61);
        clock.set(now);
        double checkedBefore = metric("kept_watcher_items_total", "watcher=\"deadline\"");
        double aloneBefore = metric("kept_watcher_chunks_alone_total", "watcher=\"deadline\"");

        List<Integer> appended = Replicas.race(2, () -> OnVertx.await(() -> watcher.runOnce(now)));

        TestDatabase db = PostgresResource.current();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement breaches = c.prepareStatement("SELECT count(*), count(DISTINCT stream_id)"
                        + " FROM promise.events WHERE stream_type = 'promise' AND stream_id LIKE ?"
                        + " AND event_type = 'io.kept.promise.broken'")) {
            breaches.setString(1, prefix + "%");
            try (var rows = breaches.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("breaches recorded, after one round of each replica").isEqualTo(count);
                assertThat(rows.getLong(2)).as("promises broken").isEqualTo(count);
            }
        }
        assertThat(appended.stream().mapToInt(Integer::intValue).sum()).as("breaches appended by both replicas")
                .isGreaterThanOrEqualTo(count);
        // Shared, each promise is checked once (a few may be looked at twice when one replica's chunk commits just
        // as the other's claim reads). Had both taken the same first chunk, one would have checked 500 promises for
        // nothing, waiting on the other's appends.
        double checked = metric("kept_watcher_items_total", "watcher=\"deadline\"") - checkedBefore;
        assertThat(checked).as("promises checked by both replicas together").isBetween((double) count, count * 1.2);
        assertThat(metric("kept_watcher_chunks_alone_total", "watcher=\"deadline\"") - aloneBefore)
                .as("chunks checked again item by item").isZero();
    }

    @Test
    void aPromiseThatCannotBeCheckedIsSkippedAndTheOthersAreStillBroken() throws Exception {
        String guarantee = guarantee("PT10H", "24x7");
        List<String> overdue = makeAll(guarantee, 3);
        // A view row whose stream is missing (a half-restored backup): checking it fails every time,
        // and it is the first due.
        String orphan = "p-orphan-" + UUID.randomUUID();
        TestDatabase db = PostgresResource.current();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement insert = c.prepareStatement("INSERT INTO promise.promises (promise_id, guarantee_id,"
                        + " guarantee_version, customer_id, status, made_at, due_at, at_risk_fraction, stream_version,"
                        + " updated_at) VALUES (?, ?, 1, 'c-orphan', 'open', ?, ?, 0.8, 1, now())")) {
            insert.setString(1, orphan);
            insert.setString(2, guarantee);
            insert.setObject(3, MADE.minusSeconds(3600).atOffset(ZoneOffset.UTC));
            insert.setObject(4, DUE.minusSeconds(3600).atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
        double failuresBefore = failures();
        Instant now = DUE.plusSeconds(61);
        clock.set(now);

        int appended = OnVertx.await(() -> watcher.runOnce(now));

        assertThat(appended).as("events appended by the round").isGreaterThanOrEqualTo(overdue.size());
        for (String id : overdue) {
            assertThat(types(id)).as(id).containsExactly("io.kept.promise.made", "io.kept.promise.broken");
        }
        assertThat(failures() - failuresBefore).as("promises the round could not check").isEqualTo(1);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement delete = c.prepareStatement("DELETE FROM promise.promises WHERE promise_id = ?")) {
            delete.setString(1, orphan);
            delete.executeUpdate();
        }
    }

    private static double failures() {
        return metric("kept_watcher_failures_total", "");
    }

    /** The sum of a metric's series whose labels hold {@code label}. */
    private static double metric(String name, String label) {
        String metrics = Api.management().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith(name) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void withinTheGraceNothingIsBroken() {
        String id = make(guarantee("PT10H", "24x7"));
        clock.set(DUE.plusSeconds(59));
        OnVertx.await(() -> watcher.runOnce(DUE.plusSeconds(59)));
        assertThat(types(id)).contains("io.kept.promise.made").doesNotContain("io.kept.promise.broken");
    }

    @Test
    void anOpenPromiseIsFlaggedAtRiskOnce() {
        String id = make(guarantee("PT10H", "24x7"));
        // 80 % of the 10 h window: 8 h after it was made.
        Instant atRisk = MADE.plusSeconds(8 * 3600);
        OnVertx.await(() -> watcher.runOnce(atRisk));
        OnVertx.await(() -> watcher.runOnce(atRisk.plusSeconds(600)));
        assertThat(types(id)).containsExactly("io.kept.promise.made", "io.kept.promise.at-risk");
    }

    @Test
    void aPausedPromiseIsNeverOverdue() {
        String id = make(guarantee("PT10H", "24x7"));
        given().contentType(ContentType.JSON).body("{\"at\":\"" + MADE.plusSeconds(60) + "\"}")
                .post("/promises/" + id + "/paused").then().statusCode(200);
        OnVertx.await(() -> watcher.runOnce(DUE.plusSeconds(86_400)));
        assertThat(types(id)).containsExactly("io.kept.promise.made", "io.kept.promise.paused");
    }

    @Test
    void aLateReportOfKeepingInTimeRetractsTheAutomaticBreach() {
        String id = make(guarantee("PT10H", "24x7"));
        OnVertx.await(() -> watcher.runOnce(DUE.plusSeconds(120)));
        given().contentType(ContentType.JSON).body("{\"keptAt\":\"" + DUE.minusSeconds(600) + "\"}")
                .post("/promises/" + id + "/kept").then().statusCode(200)
                .body("status", equalTo("kept"))
                .body("keptLate", equalTo(false));

        given().get("/promises/" + id).then().body("history.type", contains("io.kept.promise.made",
                "io.kept.promise.broken", "io.kept.promise.breach-retracted", "io.kept.promise.kept"));
    }
}
