package io.kept.promise.fault;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.promise.PromiseTestSupport;
import io.kept.testkit.Api;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Concurrent commands share commits (CommitGroups), and a command that fails inside a shared transaction fails alone:
 * every other command of its group is still recorded, once.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class GroupCommitIT {

    private static final Pattern METRIC = Pattern.compile("(?m)^(kept_commit_group_size_(?:count|sum)|kept_commit_group_reruns_total)(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    @Test
    void concurrentMakesShareCommitsAndOneFailingCommandFailsAlone() {
        String guarantee = PromiseTestSupport.guarantee("PT24H", "24x7");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "grouped-" + run;
        // Promises made before, by another customer: making them again with other details is a 409, decided inside
        // the transaction, after the promise was loaded.
        int taken = 20;
        for (int i = 0; i < taken; i++) {
            given().contentType(ContentType.JSON).body("""
                    {"promiseId":"%s-taken-%d","guaranteeId":"%s","customerId":"first-%s"}""".formatted(run, i, guarantee, run))
                    .post("/promises").then().statusCode(201);
        }
        Map<String, Double> before = metrics();

        // 300 new promises, 20 conflicting remakes and 20 promises under a guarantee that does not exist, all at once.
        List<String> bodies = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            bodies.add("""
                    {"promiseId":"%s-%d","guaranteeId":"%s","customerId":"%s"}""".formatted(run, i, guarantee, customer));
            expected.add(201);
            if (i % 15 == 0) {
                bodies.add("""
                        {"promiseId":"%s-taken-%d","guaranteeId":"%s","customerId":"%s"}""".formatted(run, i / 15, guarantee, customer));
                expected.add(409);
                bodies.add("""
                        {"promiseId":"%s-nowhere-%d","guaranteeId":"no-such-%s","customerId":"%s"}""".formatted(run, i / 15, run, customer));
                expected.add(422);
            }
        }
        List<Integer> statuses = PromiseTestSupport.postAll("/promises", "application/json", bodies).stream()
                .map(HttpResponse::statusCode).toList();

        assertThat(statuses).as("each request's status, in the order sent").isEqualTo(expected);
        Map<String, Double> after = metrics();
        double groups = after.get("kept_commit_group_size_count") - before.get("kept_commit_group_size_count");
        double commands = after.get("kept_commit_group_size_sum") - before.get("kept_commit_group_size_sum");
        assertThat(commands).as("commands run through commit groups").isGreaterThanOrEqualTo(bodies.size());
        assertThat(commands / groups).as("commands per commit").isGreaterThan(2.0);
        assertThat(after.get("kept_commit_group_reruns_total") - before.get("kept_commit_group_reruns_total"))
                .as("commands run again alone after a failure in their group").isPositive();

        // Every promise made is stored once, with its view row; the taken ones are still their first customer's.
        given().queryParam("customerId", customer).queryParam("size", 500).get("/promises")
                .then().statusCode(200).body("items.size()", equalTo(300));
        for (int i = 0; i < 300; i += 37) {
            given().get("/promises/" + run + "-" + i).then().statusCode(200).body("history.size()", equalTo(1));
        }
        for (int i = 0; i < taken; i++) {
            given().get("/promises/" + run + "-taken-" + i).then().statusCode(200)
                    .body("customerId", equalTo("first-" + run)).body("history.size()", equalTo(1));
        }
        given().get("/promises/" + run + "-nowhere-0").then().statusCode(404);
    }

    private static Map<String, Double> metrics() {
        String text = Api.management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = METRIC.matcher(text);
        Map<String, Double> found = new java.util.HashMap<>(Map.of("kept_commit_group_size_count", 0.0,
                "kept_commit_group_size_sum", 0.0, "kept_commit_group_reruns_total", 0.0));
        while (m.find()) {
            found.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return found.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
