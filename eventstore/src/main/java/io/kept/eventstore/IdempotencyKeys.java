package io.kept.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kept.events.EventJson;
import io.kept.eventstore.error.IdempotencyConflictException;
import io.kept.eventstore.error.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} header: a request retried with the same key and the same body
 * gets the first answer again and changes nothing; the same key with another body is a 409.
 * The answer is stored in the same transaction as the work it describes.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 200;

    private static final ObjectMapper CANONICAL = EventJson.configure(JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build());

    private final Clock clock;
    private final String table;

    public IdempotencyKeys(EventStoreConfig config, Clock clock) {
        this.clock = clock;
        this.table = Sql.schema(config.schema()) + ".idempotency_keys";
    }

    /** A stored answer: HTTP status and JSON body. */
    public record Answer(int status, String body) {
    }

    /**
     * Runs {@code work} once per key. Without a key, it just runs.
     *
     * @param fingerprint identifies the request (see {@link #fingerprint}); only computed when there is a key
     */
    public Uni<Answer> once(String key, Supplier<String> fingerprint, Supplier<Uni<Answer>> work) {
        if (key == null) {
            // The work opens its own unit of work, which may then share a commit with other requests' (CommitGroups).
            return Uni.createFrom().deferred(work::get);
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().failure(new InvalidInputException(HEADER,
                    "must be 1 to " + MAX_KEY_LENGTH + " characters"));
        }
        // A concurrent twin with the same key loses on the primary key; on retry it finds the answer.
        String hash = fingerprint.get();
        return Uni.createFrom().deferred(() -> attempt(key, hash, work))
                .onFailure(Sql::isUniqueViolation)
                .retry().atMost(1);
    }

    private Uni<Answer> attempt(String key, String fingerprint, Supplier<Uni<Answer>> work) {
        return UnitOfWork.transaction(() -> Db.row("SELECT request_hash, status, response FROM " + table
                + " WHERE idempotency_key = $1", key).flatMap(existing -> {
            if (existing != null) {
                if (!existing.getString(0).equals(fingerprint)) {
                    return Uni.createFrom().failure(new IdempotencyConflictException(
                            "Idempotency-Key " + key + " was used before for a different request"));
                }
                return Uni.createFrom().item(new Answer(existing.getInteger(1), existing.getString(2)));
            }
            return work.get().flatMap(answer -> Db.update("INSERT INTO " + table
                            + " (idempotency_key, request_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5)",
                            key, fingerprint, answer.status(), answer.body(), Sql.timestamp(clock.instant()))
                    .replaceWith(answer));
        }));
    }

    /** A stable hash of what a request asks for: method, path and body with sorted fields. */
    public static String fingerprint(String method, String path, Object body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(CANONICAL.writeValueAsBytes(body));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint request", e);
        }
    }
}
