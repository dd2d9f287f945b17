package io.kept.testkit;

import io.kept.events.Roles;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a running service's endpoints against a table of who may call each: every operation of its
 * OpenAPI document must have a rule (so a new endpoint cannot ship open), and each is called without a
 * token, with a forged one, with each role it refuses and with each role it allows. The table of every service
 * is one file, {@value #MATRIX} (one access matrix to review, not one list per test class).
 */
public final class EndpointSecurity {

    /** Who may read: readers, and the roles that include reading. */
    public static final Set<String> READS = Set.of(Roles.READER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN);
    /** Who may take recovery and follow-up steps. */
    public static final Set<String> STEPS = Set.of(Roles.AGENT, Roles.SUPERVISOR);

    /**
     * @param probeAllowed false for an operation whose allowed call has effects other tests of the same service
     *     would see (a rebuild, a replay of dead letters): its refusals are still checked, and the test that covers
     *     the operation itself calls it with a token holding the role
     */
    public record Rule(String method, String path, Set<String> roles, boolean probeAllowed) {

        String key() {
            return method + " " + path;
        }
    }

    /** The access matrix on the classpath: service, method, path, roles, probe (see its header). */
    public static final String MATRIX = "endpoint-security.tsv";

    private static final Map<String, Set<String>> ROLE_SETS = Map.of("READS", READS, "STEPS", STEPS);

    private EndpointSecurity() {
    }

    /** The rules of {@code service} ({@code quarkus.application.name}) in {@value #MATRIX}, in the file's order. */
    public static List<Rule> rulesOf(String service) {
        List<Rule> rules = new ArrayList<>();
        try (InputStream in = EndpointSecurity.class.getResourceAsStream("/" + MATRIX)) {
            if (in == null) {
                throw new IllegalStateException(MATRIX + " is not on the classpath");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                if (cells.length != 5) {
                    throw new IllegalStateException(MATRIX + ":" + number + ": want 5 tab-separated cells, got " + cells.length);
                }
                if (cells[0].equals(service)) {
                    rules.add(new Rule(cells[1].toUpperCase(Locale.ROOT), cells[2], roles(cells[3], number), probe(cells[4], number)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException(MATRIX + " has no rule for " + service);
        }
        return rules;
    }

    private static Set<String> roles(String cell, int number) {
        Set<String> named = ROLE_SETS.get(cell);
        if (named != null) {
            return named;
        }
        Set<String> roles = Set.copyOf(Arrays.asList(cell.split(",")));
        if (!Roles.ALL.containsAll(roles)) {
            throw new IllegalStateException(MATRIX + ":" + number + ": " + cell + " is neither READS, STEPS nor roles of " + Roles.ALL);
        }
        return roles;
    }

    private static boolean probe(String cell, int number) {
        return switch (cell) {
            case "probe" -> true;
            case "refusals-only" -> false;
            default -> throw new IllegalStateException(MATRIX + ":" + number + ": probe is \"probe\" or \"refusals-only\", not " + cell);
        };
    }

    /** Every way {@code rules} and the service disagree, one line each; empty when they agree. */
    public static List<String> check(List<Rule> rules) {
        List<String> failures = new ArrayList<>();
        Map<String, Boolean> secured = operations();
        Set<String> documented = secured.keySet();
        Set<String> ruled = new TreeSet<>();
        rules.forEach(r -> ruled.add(r.key()));
        for (String operation : documented) {
            if (!ruled.contains(operation)) {
                failures.add(operation + ": in the OpenAPI document but has no rule here; say who may call it");
            }
            if (!secured.get(operation)) {
                failures.add(operation + ": the OpenAPI document declares no security requirement for it");
            }
        }
        for (String operation : ruled) {
            if (!documented.contains(operation)) {
                failures.add(operation + ": has a rule but is not in the OpenAPI document");
            }
        }
        int publicMetrics = Api.given().get("/q/metrics").statusCode();
        if (publicMetrics != 404) {
            failures.add("GET /q/metrics on the public port answered " + publicMetrics + ": metrics belong on the management port");
        }
        int managementMetrics = Api.management().get("/q/metrics").statusCode();
        if (managementMetrics != 200) {
            failures.add("GET /q/metrics on the management port answered " + managementMetrics + ", not 200");
        }
        int health = RestAssured.given().get("/q/health/live").statusCode();
        if (health != 200) {
            failures.add("GET /q/health/live without a token answered " + health + ": health stays open on the HTTP port");
        }
        String forged = Tokens.sign(otherKeys(), Tokens.TEST_ISSUER, "mallory", Roles.ALL, Duration.ofMinutes(5));
        for (Rule rule : rules) {
            if (!documented.contains(rule.key())) {
                continue;
            }
            expect(failures, rule, "no token", RestAssured.given(), 401);
            expect(failures, rule, "a token signed by another key", RestAssured.given().auth().oauth2(forged), 401);
            for (String role : Roles.ALL) {
                RequestSpecification as = Api.as("probe-" + role, role);
                if (!rule.roles().contains(role)) {
                    expect(failures, rule, "role " + role, as, 403);
                } else if (rule.probeAllowed()) {
                    Response response = send(rule, as);
                    int status = response.statusCode();
                    if (status == 401 || status == 403 || status >= 500) {
                        failures.add(rule.key() + " with role " + role + " answered " + status + ", not the endpoint's own answer: "
                                + response.asString());
                    }
                }
            }
        }
        return failures;
    }

    private static void expect(List<String> failures, Rule rule, String who, RequestSpecification request, int status) {
        Response response = send(rule, request);
        if (response.statusCode() != status) {
            failures.add(rule.key() + " with " + who + " answered " + response.statusCode() + ", not " + status);
        } else if (!String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            failures.add(rule.key() + " with " + who + " answered " + status + " as " + response.contentType()
                    + ", not application/problem+json");
        }
    }

    private static Response send(Rule rule, RequestSpecification request) {
        String path = rule.path().replaceAll("\\{[^}]+}", "security-probe");
        if (rule.method().equals("POST") || rule.method().equals("PUT")) {
            request = request.contentType(ContentType.JSON).body("{}");
        }
        return request.request(rule.method(), path);
    }

    /** "METHOD /path" of every operation in the service's OpenAPI document, and whether it declares security. */
    @SuppressWarnings("unchecked")
    static Map<String, Boolean> operations() {
        JsonPath document = RestAssured.given().accept(ContentType.JSON).get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        Map<String, Boolean> operations = new java.util.TreeMap<>();
        for (var path : paths.entrySet()) {
            for (String method : new LinkedHashSet<>(path.getValue().keySet())) {
                if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                    Object security = ((Map<String, Object>) path.getValue().get(method)).get("security");
                    operations.put(method.toUpperCase(Locale.ROOT) + " " + path.getKey(),
                            security instanceof List<?> list && !list.isEmpty());
                }
            }
        }
        return operations;
    }

    private static Path otherKeys() {
        return Tokens.ensureKeys(Path.of(System.getProperty("java.io.tmpdir"), "kept-test-jwt-other-" + System.getProperty("user.name")));
    }
}
