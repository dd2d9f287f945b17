package io.kept.analytics.rebuild;

import io.kept.analytics.listener.ProjectionListener;
import io.kept.analytics.projection.Change;
import io.kept.analytics.projection.ProjectedEvent;
import io.kept.analytics.projection.ProjectionTables;
import io.kept.analytics.projection.Projections;
import io.kept.analytics.store.ChangeWriter;
import io.kept.events.Topics;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.IncomingEvent;
import io.kept.eventstore.KafkaConnection;
import io.kept.eventstore.domain.DomainException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Rebuilds every projection from the topics while the live tables keep serving.
 * <ol>
 * <li>Shadow tables ({@code rebuild_*}, shaped like the live ones, with only their unique indexes) are created
 * empty.</li>
 * <li>A plain Kafka consumer, outside the consumer group, replays all three topics from the
 * beginning into them, to the end offsets seen at the start and then, in rounds, to newer ones
 * until little is left; this replica's live consumers wait meanwhile ({@link #finished()}), so that the replay has
 * the machine to itself.</li>
 * <li>In one transaction: the live consumed-event table is locked, which holds the live consumers
 * at their next event; the replay reads to the end offsets of that moment, so the shadow holds
 * every event the live tables ever saw; the live tables are emptied and filled from the shadow
 * (the BI views stay bound to them, and readers keep seeing the old rows until the commit) and the
 * consumed-event ids are replaced. On commit the live
 * consumers go on, skipping what the rebuild already projected.</li>
 * </ol>
 * A failure at any step rolls back and leaves the live tables as they were.
 *
 * <p>One rebuild runs at a time across every replica: it holds a PostgreSQL advisory lock on its
 * own connection (named {@code kept-analytics-rebuild@<host>}) from start to end, and a request
 * anywhere else while it is held is a 409 naming that holder. The lock goes with the session, so a
 * replica that dies mid-rebuild frees it.
 */
@ApplicationScoped
public class ProjectionRebuild {

    private static final int BATCH = 2000;
    private static final long CATCH_UP_BELOW = 1000;
    private static final int CATCH_UP_ROUNDS = 5;
    private static final Duration STALLED_AFTER = Duration.ofMinutes(2);
    private static final Duration YIELD_CHECK = Duration.ofMillis(200);
    // Longer than any statement of a rebuild takes, the swap's copy of a million rows included (seconds here).
    private static final Duration NO_ANSWER_AFTER = Duration.ofMinutes(10);
    private static final List<String> TOPICS = List.of(Topics.PROMISE_EVENTS, Topics.RECOVERY_EVENTS, Topics.FOLLOWUP_EVENTS);

    private final DataSource dataSource;
    private final KafkaConnection kafka;
    private final Clock clock;
    private final ProjectionTables live;
    private final ProjectionTables shadow;
    private final List<String> tables;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong eventsApplied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile String state = "idle";
    private volatile String phase;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile long recordsToReplay;
    private volatile String error;
    private volatile Thread worker;
    private volatile boolean stopping;
    private volatile Connection lock;

    /** The advisory lock every analytics replica's rebuild takes: (LOCK_CLASS, LOCK_ID). */
    static final int LOCK_CLASS = 0x6b657074; // "kept"
    static final int LOCK_ID = 1;

    public ProjectionRebuild(DataSource dataSource, KafkaConnection kafka,
            Clock clock, EventStoreConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.clock = clock;
        this.live = ProjectionTables.live(config.schema());
        this.shadow = ProjectionTables.shadow(config.schema());
        this.tables = new ArrayList<>(ProjectionTables.ALL);
        this.tables.add("consumed_events");
        Gauge.builder("kept.analytics.rebuild.running", running, r -> r.get() ? 1 : 0)
                .description("1 while a projection rebuild runs").register(registry);
        Gauge.builder("kept.analytics.rebuild.progress", this, r -> r.status().progress())
                .description("Share of the records to replay that the last rebuild has read (0 to 1)").register(registry);
        Gauge.builder("kept.analytics.rebuild.records.read", recordsRead, AtomicLong::get)
                .description("Records the last rebuild has read").register(registry);
        Gauge.builder("kept.analytics.rebuild.events.applied", eventsApplied, AtomicLong::get)
                .description("Distinct events the last rebuild has projected").register(registry);
    }

    /** Starts a rebuild in the background; one at a time. */
    public RebuildStatus start() {
        if (!running.compareAndSet(false, true)) {
            throw DomainException.illegalTransition("A rebuild is already running (started " + startedAt
                    + "); follow it at GET /analytics/rebuild");
        }
        try {
            lock = acquireLock();
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        recordsRead.set(0);
        eventsApplied.set(0);
        duplicates.set(0);
        unreadable.set(0);
        recordsToReplay = 0;
        error = null;
        finishedAt = null;
        startedAt = clock.instant();
        phase = "preparing";
        state = "running";
        Thread thread = new Thread(this::run, "kept-analytics-rebuild");
        thread.setDaemon(true);
        worker = thread;
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            // Left running, the live consumers would wait for a rebuild that never started.
            state = "failed";
            error = e.toString();
            ended();
            throw e;
        }
        return status();
    }

    /**
     * Completes, on the caller's Vert.x context, once no rebuild runs in this replica: the live consumers wait for it
     * before each poll, so that the rebuild has the machine to itself. What arrives meanwhile waits in Kafka and is
     * projected after the swap, skipping what the rebuild projected; the live tables keep their rows until then, and
     * their freshness ({@code GET /analytics/lag}) shows the wait.
     */
    public Uni<Void> finished() {
        if (!running.get()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            // Nothing to wait on: go on as if no rebuild ran (the swap skips what the rebuild projected either way),
            // rather than fail the poll, which would dead-letter it.
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(waiting -> checkFinished(context, waiting));
    }

    private void checkFinished(Context context, UniEmitter<? super Void> waiting) {
        if (!running.get()) {
            waiting.complete(null);
        } else {
            context.owner().setTimer(YIELD_CHECK.toMillis(), timer -> context.runOnContext(v -> checkFinished(context, waiting)));
        }
    }

    public RebuildStatus status() {
        long read = recordsRead.get();
        long toReplay = recordsToReplay;
        double progress = "succeeded".equals(state) ? 1.0 : toReplay == 0 ? 0.0 : Math.min(1.0, (double) read / toReplay);
        Instant start = startedAt;
        Instant end = finishedAt == null ? clock.instant() : finishedAt;
        double seconds = start == null ? 0 : Math.max(0.001, Duration.between(start, end).toMillis() / 1000.0);
        return new RebuildStatus(state, "running".equals(state) ? phase : null, start, finishedAt, toReplay, read,
                eventsApplied.get(), duplicates.get(), unreadable.get(), progress,
                start == null ? 0 : Math.round(read / seconds * 10) / 10.0, error);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            prepareShadow();
            Map<TopicPartition, Long> end = assignFromBeginning(consumer);
            phase = "replaying";
            replay(consumer, end, null);
            phase = "catching-up";
            for (int round = 0; round < CATCH_UP_ROUNDS && behind(consumer, end = consumer.endOffsets(end.keySet())) > CATCH_UP_BELOW; round++) {
                replay(consumer, end, null);
            }
            phase = "swapping";
            swap(consumer, end.keySet());
            state = "succeeded";
            Log.infof("Projection rebuild done: %d records read, %d events projected, %d duplicates, %d unreadable",
                    recordsRead.get(), eventsApplied.get(), duplicates.get(), unreadable.get());
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            state = "failed";
            Log.errorf(e, "Projection rebuild failed; the live projections are unchanged");
        } finally {
            dropShadow();
            ended();
        }
    }

    /** A rebuild is over, however it ended: the lock goes, and the live consumers go on. */
    private void ended() {
        releaseLock();
        finishedAt = clock.instant();
        worker = null;
        running.set(false);
    }

    /**
     * A connection for the rebuild's work. A statement that gets no answer within {@link #NO_ANSWER_AFTER} fails
     * the rebuild (which rolls back) instead of hanging it: while it runs, this replica's live consumers wait for it,
     * so a rebuild stuck on a dead connection would stop them for good.
     */
    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setNetworkTimeout(Runnable::run, (int) NO_ANSWER_AFTER.toMillis());
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private Connection acquireLock() {
        String name = "kept-analytics-rebuild@" + host();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (Statement sql = connection.createStatement()) {
                sql.execute("SET application_name = '" + name.replace("'", "''") + "'");
                try (ResultSet rs = sql.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + LOCK_ID + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return connection;
                    }
                }
                String holder = "another replica";
                try (ResultSet rs = sql.executeQuery("SELECT a.application_name, a.backend_start FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                        + " AND l.classid = " + LOCK_CLASS + " AND l.objid = " + LOCK_ID + " AND l.objsubid = 2")) {
                    if (rs.next()) {
                        holder = rs.getString(1) + " (connected since " + rs.getObject(2) + ")";
                    }
                }
                sql.execute("RESET application_name");
                connection.close();
                throw DomainException.illegalTransition("A rebuild is already running on " + holder
                        + "; one runs at a time across every replica");
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Could not take the rebuild lock: " + e.getMessage(), e);
        }
    }

    private void releaseLock() {
        Connection connection = lock;
        lock = null;
        if (connection == null) {
            return;
        }
        try (Statement sql = connection.createStatement()) {
            sql.execute("SELECT pg_advisory_unlock(" + LOCK_CLASS + ", " + LOCK_ID + ")");
            sql.execute("RESET application_name");
        } catch (SQLException e) {
            Log.warnf("Could not release the rebuild lock; it goes when its connection closes: %s", e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                Log.debug("Closing the rebuild lock connection failed", e);
            }
        }
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown-host";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kept-analytics-rebuild");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        return new KafkaConsumer<>(kafka.with(config), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Map<TopicPartition, Long> assignFromBeginning(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        recordsToReplay = end.entrySet().stream().mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum();
        return end;
    }

    private static long behind(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - consumer.position(e.getKey()))).sum();
    }

    /** Reads until every partition reached {@code end}, one transaction per poll (or all in {@code tx}). */
    private void replay(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end, Connection tx) throws SQLException {
        Instant lastProgress = clock.instant();
        while (behind(consumer, end) > 0) {
            if (stopping) {
                throw new IllegalStateException("the service is stopping");
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            if (records.isEmpty()) {
                if (Duration.between(lastProgress, clock.instant()).compareTo(STALLED_AFTER) > 0) {
                    throw new IllegalStateException("no records from Kafka for " + STALLED_AFTER.toSeconds()
                            + " s with " + behind(consumer, end) + " still to read");
                }
                continue;
            }
            lastProgress = clock.instant();
            if (tx != null) {
                project(tx, records);
            } else {
                try (Connection connection = connection()) {
                    connection.setAutoCommit(false);
                    project(connection, records);
                    connection.commit();
                }
            }
            recordsRead.addAndGet(records.size());
        }
    }

    private record Replayed(String consumer, String topic, ProjectedEvent event) {
    }

    /** Projects a batch of records into the shadow tables, each distinct event id once. */
    private void project(Connection connection, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        List<Replayed> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                IncomingEvent event = IncomingEvent.of(record);
                Instant at = event.time().orElseGet(() -> Instant.ofEpochMilli(record.timestamp()));
                events.add(new Replayed(ProjectionListener.consumerOf(record.topic()), record.topic(),
                        new ProjectedEvent(event.eventId(), event.type().type(), event.payload(), at)));
            } catch (IllegalArgumentException e) {
                unreadable.incrementAndGet();
            }
        }
        Set<String> fresh = recordConsumed(connection, events);
        List<Change> changes = new ArrayList<>(events.size() * 3);
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Instant> latest = new HashMap<>();
        for (Replayed replayed : events) {
            if (!fresh.remove(replayed.consumer() + "/" + replayed.event().eventId())) {
                duplicates.incrementAndGet();
                continue;
            }
            changes.addAll(Projections.changes(shadow, replayed.event()));
            counts.computeIfAbsent(replayed.topic(), t -> new long[1])[0]++;
            latest.merge(replayed.topic(), replayed.event().at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        // A poll of thousands of events costs tens of round trips, not thousands, as in the live consumer.
        ChangeWriter.bulk(connection, changes);
        List<Change> watermarks = new ArrayList<>();
        counts.forEach((topic, count) -> watermarks.add(Projections.watermark(shadow, topic, count[0], latest.get(topic),
                clock.instant())));
        ChangeWriter.bulk(connection, watermarks);
        eventsApplied.addAndGet(counts.values().stream().mapToLong(c -> c[0]).sum());
    }

    /** Records the batch's event ids as consumed; answers those not consumed before. */
    private Set<String> recordConsumed(Connection connection, List<Replayed> events) throws SQLException {
        Set<String> fresh = new HashSet<>();
        if (events.isEmpty()) {
            return fresh;
        }
        String[] consumers = events.stream().map(Replayed::consumer).toArray(String[]::new);
        UUID[] ids = events.stream().map(r -> r.event().eventId()).toArray(UUID[]::new);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + shadow.table("consumed_events")
                + " (consumer, event_id, consumed_at) SELECT c, e, now() FROM unnest(?, ?) AS u(c, e)"
                + " ON CONFLICT DO NOTHING RETURNING consumer, event_id")) {
            insert.setArray(1, connection.createArrayOf("text", consumers));
            insert.setArray(2, connection.createArrayOf("uuid", ids));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1) + "/" + rs.getObject(2));
                }
            }
        }
        return fresh;
    }

    private void prepareShadow() throws SQLException {
        try (Connection connection = connection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String table : tables) {
                sql.execute("DROP TABLE IF EXISTS " + shadow.table(table));
                sql.execute("CREATE TABLE " + shadow.table(table) + " (LIKE " + live.table(table) + " INCLUDING ALL)");
            }
            // Only the unique indexes: the projections find rows by their keys and ON CONFLICT needs them. The
            // others serve the BI reads of the live tables; kept here, every insert and update of the replay would
            // keep them too (an update that changes an indexed column, most of them, writes a new entry in each),
            // and the swap's INSERT ... SELECT fills the live ones once per row anyway.
            List<String> secondary = new ArrayList<>();
            try (PreparedStatement indexes = connection.prepareStatement("SELECT i.indexrelid::regclass::text FROM pg_index i"
                    + " WHERE i.indrelid = CAST(? AS regclass) AND NOT i.indisunique")) {
                for (String table : tables) {
                    indexes.setString(1, shadow.table(table));
                    try (ResultSet rs = indexes.executeQuery()) {
                        while (rs.next()) {
                            secondary.add(rs.getString(1));
                        }
                    }
                }
            }
            for (String index : secondary) {
                sql.execute("DROP INDEX " + index);
            }
            connection.commit();
        }
    }

    /** Catches up to this moment's end offsets and replaces the live tables, all in one transaction. */
    private void swap(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> partitions) throws SQLException {
        try (Connection connection = connection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("SET LOCAL lock_timeout = '60s'");
                // Live consumers record the event id first in each transaction: this holds them before they
                // project. EXCLUSIVE still lets readers in.
                sql.execute("LOCK TABLE " + live.table("consumed_events") + " IN EXCLUSIVE MODE");
                replay(consumer, consumer.endOffsets(partitions), connection);
                // DELETE, not TRUNCATE: readers of the views go on seeing the old rows (MVCC) until the
                // commit shows them the new ones, instead of waiting for an exclusive lock. Only the
                // analytics consumers record into this schema's consumed_events.
                for (String table : tables) {
                    sql.execute("DELETE FROM " + live.table(table));
                    sql.execute("INSERT INTO " + live.table(table) + " SELECT * FROM " + shadow.table(table));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void dropShadow() {
        try (Connection connection = connection(); Statement sql = connection.createStatement()) {
            for (String table : tables) {
                sql.execute("DROP TABLE IF EXISTS " + shadow.table(table));
            }
        } catch (SQLException e) {
            Log.warnf("Could not drop the rebuild's shadow tables (the next rebuild replaces them): %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        Thread thread = worker;
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }
}
