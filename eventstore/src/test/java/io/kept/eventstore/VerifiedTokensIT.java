package io.kept.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.Roles;
import io.kept.testkit.Api;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client sends the same bearer token with every call: the service verifies it once and reuses the identity, but
 * only for the very same token, never for one that differs in a single byte, and never once it has expired.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = KeptTestResources.TOPICS))
class VerifiedTokensIT {

    private static final String PATH = "/test/promises/p-token-check";

    @Test
    void theSameTokenIsVerifiedOnceForManyRequests() {
        String token = Tokens.test("token-" + UUID.randomUUID(), List.of(Roles.INGEST));
        double verified = count("verified");
        double reused = count("reused");

        for (int i = 0; i < 20; i++) {
            // An empty body is a 400 naming its field: the request got past authentication and authorisation.
            post(token).then().statusCode(400);
        }

        assertThat(count("verified") - verified).isEqualTo(1.0);
        assertThat(count("reused") - reused).isEqualTo(19.0);
    }

    @Test
    void aTokenAlteredAfterTheGenuineOneWasAcceptedIsRefusedEveryTime() {
        String token = Tokens.test("token-" + UUID.randomUUID(), List.of(Roles.INGEST));
        post(token).then().statusCode(400);
        String[] parts = token.split("\\.");
        // The genuine header and signature around other claims (the subject holding every role), and the genuine
        // header and claims under another signature.
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String moreRoles = claims.replace("\"groups\":[\"" + Roles.INGEST + "\"]", "\"groups\":" + allRoles());
        assertThat(moreRoles).isNotEqualTo(claims);
        String otherClaims = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(moreRoles.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        char last = parts[2].charAt(parts[2].length() - 2);
        String otherSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);
        double verified = count("verified");

        for (int i = 0; i < 3; i++) {
            post(otherClaims).then().statusCode(401).contentType("application/problem+json");
            post(otherSignature).then().statusCode(401).contentType("application/problem+json");
        }

        assertThat(count("verified") - verified).as("each forged request verified, none reused").isEqualTo(6.0);
        post(token).then().statusCode(400);
    }

    @Test
    void anExpiredTokenIsRefusedAndNeverReused() {
        String expired = Tokens.sign(Tokens.testKeys(), Tokens.TEST_ISSUER, "late-" + UUID.randomUUID(),
                List.of(Roles.INGEST), Duration.ofMinutes(-5));
        double reused = count("reused");

        post(expired).then().statusCode(401).contentType("application/problem+json");
        post(expired).then().statusCode(401).contentType("application/problem+json");

        assertThat(count("reused") - reused).isZero();
    }

    private static String allRoles() {
        return Roles.ALL.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static io.restassured.response.Response post(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post(PATH);
    }

    private static double count(String result) {
        String metrics = Api.management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^kept_tokens_total\\{[^}]*result=\"" + result + "\"[^}]*} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
