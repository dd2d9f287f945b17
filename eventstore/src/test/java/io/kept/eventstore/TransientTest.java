package io.kept.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures a consumer tries again and which it dead-letters. */
class TransientTest {

    private static PgException pg(String state) {
        return new PgException("message for " + state, "ERROR", state, null);
    }

    @Test
    void theDatabaseAwayBusyOrFailingOverIsTransient() {
        assertThat(Transient.is(new ConnectException("Connection refused"))).isTrue();
        assertThat(Transient.is(new CompletionException(new ConnectException("Connection refused")))).isTrue();
        assertThat(Transient.is(pg("08006"))).as("connection failure").isTrue();
        assertThat(Transient.is(pg("53300"))).as("too many connections").isTrue();
        assertThat(Transient.is(pg("57P01"))).as("admin shutdown").isTrue();
        assertThat(Transient.is(pg("40001"))).as("serialization failure").isTrue();
        assertThat(Transient.is(pg("25006"))).as("read-only standby during failover").isTrue();
        assertThat(Transient.is(new VertxException("Connection is closed", true))).isTrue();
        assertThat(Transient.reason(pg("53300")).orElseThrow()).contains("53300");
        assertThat(Transient.is(new java.sql.SQLException("terminating connection", "57P01")))
                .as("the same code from JDBC").isTrue();
        assertThat(Transient.is(new java.sql.SQLException("duplicate key", "23505"))).as("not from JDBC either").isFalse();
    }

    @Test
    void aRecordThatCanNeverApplyIsNot() {
        assertThat(Transient.is(new IllegalArgumentException("data is not a valid io.kept.promise.made"))).isFalse();
        assertThat(Transient.is(pg("23505"))).as("unique violation").isFalse();
        assertThat(Transient.is(pg("22P05"))).as("NUL in text").isFalse();
        assertThat(Transient.is(new RuntimeException(pg("23502")))).as("not-null violation, wrapped").isFalse();
        assertThat(Transient.is(new JsonParseException(null, "Unexpected character"))).isFalse();
        assertThat(Transient.is(new IllegalArgumentException("data is not valid",
                new JsonParseException(null, "Unexpected character")))).as("a parse error, wrapped").isFalse();
        assertThat(Transient.is(new VertxException("Unknown enum value", true))).isFalse();
    }
}
