package io.kept.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import io.kept.eventstore.domain.DomainException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures make a consumed record poison (dead-lettered) and which are tried again. */
class PoisonTest {

    private static PgException pg(String state) {
        return new PgException("message for " + state, "FATAL", state, null);
    }

    @Test
    void onlyARecordThatDoesNotReadOrThatTheDomainRefusesIsPoison() {
        assertThat(Poison.reason(PoisonRecordException.unreadable("not a CloudEvent (no ce_ headers)")))
                .contains("not a CloudEvent (no ce_ headers)");
        assertThat(Poison.is(new CompletionException(PoisonRecordException.refused("promise.made never seen")))).isTrue();
        assertThat(Poison.is(DomainException.illegalTransition("kept after broken"))).isTrue();
        assertThat(Poison.is(new JsonParseException(null, "Unexpected character"))).isTrue();
        assertThat(Poison.is(new RuntimeException(new JsonParseException(null, "Unexpected character"))))
                .as("a parse error, wrapped").isTrue();
    }

    @Test
    void everyOtherFailureIsTriedAgainWhateverItsCode() {
        // The database refusing connections itself: the code that dead-lettered 48 of 48 records (issue 34).
        assertThat(Poison.is(pg("55000"))).as("object not in prerequisite state: not accepting connections").isFalse();
        assertThat(Poison.is(pg("57P03"))).as("cannot connect now, a failover").isFalse();
        assertThat(Poison.is(pg("57P01"))).as("admin shutdown").isFalse();
        assertThat(Poison.is(pg("XX000"))).as("a code nobody listed").isFalse();
        assertThat(Poison.is(pg("23505"))).as("unique violation: a race, not proof").isFalse();
        assertThat(Poison.is(new ConnectException("Connection refused"))).isFalse();
        assertThat(Poison.is(new VertxException("Connection is closed", true))).isFalse();
        assertThat(Poison.is(new IllegalStateException("Result is already complete"))).isFalse();
        assertThat(Poison.is(new NullPointerException())).as("a bug: fixed and redeployed, then applied").isFalse();
    }

    @Test
    void aFailureIsDescribedByWhyItIsTransientElseByItsClass() {
        assertThat(Poison.describe(pg("57P01"))).contains("57P01");
        assertThat(Poison.describe(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
    }
}
