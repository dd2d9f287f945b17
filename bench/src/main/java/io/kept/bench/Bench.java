package io.kept.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmarks a running Kept stack (started by bench/run) and, in the same run, the machine's raw Kafka and
 * PostgreSQL limits; writes the results as JSON and an SVG chart. See bench/README.md.
 */
public final class Bench {

    static final String TARGET_TOPIC = "kept.promise-events";
    private static final List<String> ERRORS = new ArrayList<>();
    private static final AtomicLong ERROR_COUNT = new AtomicLong();

    /** How much of everything: the full run, or --quick for a smoke run. */
    record Sizes(double targetRate, double constantSeconds, double maxSeconds, int singleConcurrency,
            int batchConcurrency, int batchSize, int openBatchSize, long kafkaRecords, long pgRows, long replayEvents,
            long watcherPromises, double warmupSeconds, long catchUpTimeout, long rebuildTimeout, long watcherTimeout) {

        static Sizes full() {
            return new Sizes(5000, 20, 20, 32, 4, 50, 100, 300_000, 300_000, 1_000_000, 10_000, 20, 90, 1500, 300);
        }

        static Sizes quick() {
            return new Sizes(5000, 5, 5, 32, 4, 50, 100, 100_000, 50_000, 20_000, 2_000, 3, 60, 120, 120);
        }

        Sizes with(Map<String, String> opts) {
            return new Sizes(targetRate, constantSeconds, maxSeconds, singleConcurrency, batchConcurrency, batchSize,
                    openBatchSize, kafkaRecords, pgRows,
                    Long.parseLong(opts.getOrDefault("replay-events", Long.toString(replayEvents))),
                    Long.parseLong(opts.getOrDefault("watcher-promises", Long.toString(watcherPromises))),
                    warmupSeconds, catchUpTimeout, rebuildTimeout, watcherTimeout);
        }
    }

    private final Sizes sizes;
    private final KeptHttp http;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String bootstrap;
    private final Path keptHome;
    private final String run = Long.toString(System.currentTimeMillis() % 100_000_000, 36);
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final List<String> scenarios;

    private Bench(Sizes sizes, Map<String, String> opts) {
        this.sizes = sizes;
        this.http = new KeptHttp(opts.getOrDefault("promise", "http://127.0.0.1:8081"),
                opts.getOrDefault("analytics", "http://127.0.0.1:8084"));
        this.jdbcUrl = opts.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:15432/kept");
        this.dbUser = opts.getOrDefault("db-user", "kept");
        this.dbPassword = opts.getOrDefault("db-password", "kept");
        this.bootstrap = opts.getOrDefault("bootstrap", "127.0.0.1:9092");
        this.keptHome = Path.of(opts.getOrDefault("kept-home", "/tmp/kept-bench"));
        this.scenarios = opts.containsKey("scenarios") ? List.of(opts.get("scenarios").split(",")) : List.of();
        for (String name : scenarios) {
            if (!List.of("rest_ingest", "projection", "watcher").contains(name)) {
                throw new IllegalArgumentException("--scenarios: unknown scenario " + name
                        + " (rest_ingest, projection, watcher)");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        boolean quick = false;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + " (--quick, --scenarios=a,b, --out=DIR, --kept-home=DIR, --promise=URL, --analytics=URL, --jdbc=URL, --bootstrap=HOST:PORT)");
            }
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Bench bench = new Bench((quick ? Sizes.quick() : Sizes.full()).with(opts), opts);
        Path out = Path.of(opts.getOrDefault("out", "bench/results"));
        bench.results.put("mode", quick ? "quick" : "full");
        try {
            bench.runAll();
        } finally {
            bench.results.put("errors", Map.of("count", ERROR_COUNT.get(), "samples", ERRORS));
            // A run of some scenarios only never replaces the latest full (or quick) run's files.
            String suffix = (quick ? "-quick" : "") + (bench.scenarios.isEmpty() ? "" : "-" + String.join("-", bench.scenarios));
            Report.write(bench.results, out, suffix);
        }
    }

    static void sampleError(String error) {
        ERROR_COUNT.incrementAndGet();
        synchronized (ERRORS) {
            if (ERRORS.size() < 20) {
                ERRORS.add(error.length() > 400 ? error.substring(0, 400) : error);
            }
        }
    }

    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    static void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
        System.out.flush();
    }

    // ================================================================== the run

    private void runAll() throws Exception {
        Instant started = Instant.now();
        results.put("started_at", started.toString());
        results.put("machine", machine());
        results.put("sizes", sizes);
        readPids();
        results.put("services", startupAndIdleMemory());

        http.defineGuarantee("bench", "PT24H", 0.8);
        http.defineGuarantee("bench-watch", "PT1H", 1.0);
        log("warm-up: %.0f s of single requests", sizes.warmupSeconds());
        LoadGenerator.closedLoop(8, sizes.warmupSeconds(), this::singleWorker);
        drain("warm-up", 120);

        Map<String, Object> limits = new LinkedHashMap<>();
        results.put("limits", limits);
        rawLimits(limits);

        Map<String, Object> ingest = new LinkedHashMap<>();
        results.put("rest_ingest", ingest);
        Map<String, Object> e2e = new LinkedHashMap<>();
        results.put("end_to_end", e2e);
        if (runs("rest_ingest")) {
            scenario("rest_ingest", () -> restIngest(ingest, e2e));
        }

        Map<String, Object> projection = new LinkedHashMap<>();
        results.put("projection", projection);
        if (runs("projection")) {
            scenario("projection", () -> projection(projection));
        }

        Map<String, Object> watcher = new LinkedHashMap<>();
        results.put("watcher", watcher);
        if (runs("watcher")) {
            scenario("watcher", () -> watcher(watcher));
        }

        peakMemory();
        results.put("summary", summary());
        results.put("seconds", round(Duration.between(started, Instant.now()).toMillis() / 1000.0, 1));
    }

    /** Whether {@code --scenarios=a,b} (default all: rest_ingest, projection, watcher) includes this one. */
    private boolean runs(String name) {
        return scenarios.isEmpty() || scenarios.contains(name);
    }

    private interface Scenario {
        void run() throws Exception;
    }

    /** One scenario's failure is recorded and the others still run. */
    private void scenario(String name, Scenario scenario) {
        try {
            scenario.run();
        } catch (Exception e) {
            log("scenario %s failed: %s", name, e);
            sampleError("scenario " + name + " failed: " + e);
        }
    }

    // ================================================================== machine, start-up, memory

    private static Map<String, Object> machine() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        m.put("cpu", cpu);
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().orElse("?");
        m.put("memory_gib", round(Long.parseLong(mem.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0, 1));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        String disk = System.getenv("BENCH_DISK");
        m.put("disk", disk == null ? "?" : disk);
        return m;
    }

    private void readPids() throws IOException {
        for (String name : List.of("infra", "promise-service", "recovery-service", "followup-service",
                "analytics-service")) {
            Path file = keptHome.resolve("run/" + name + ".pid");
            if (Files.exists(file)) {
                pids.put(name, Long.parseLong(Files.readString(file).trim()));
            }
        }
    }

    /** Ready times from ./kept up's output, Quarkus' own "started in", and idle RSS now (before any load). */
    private Map<String, Object> startupAndIdleMemory() throws IOException {
        Map<String, Object> services = new LinkedHashMap<>();
        String up = Files.exists(keptHome.resolve("up.out")) ? Files.readString(keptHome.resolve("up.out")) : "";
        Matcher infra = Pattern.compile("infrastructure ready in ([0-9.]+) s").matcher(up);
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            Map<String, Object> s = new LinkedHashMap<>();
            String name = e.getKey();
            if (name.equals("infra")) {
                if (infra.find()) {
                    s.put("ready_seconds", Double.parseDouble(infra.group(1)));
                }
            } else {
                Matcher ready = Pattern.compile(Pattern.quote(name) + " ready after ([0-9.]+) s").matcher(up);
                if (ready.find()) {
                    s.put("ready_seconds", Double.parseDouble(ready.group(1)));
                }
                Path log = keptHome.resolve("logs/" + name + ".log");
                if (Files.exists(log)) {
                    Matcher m = Pattern.compile("started in ([0-9.]+)s").matcher(Files.readString(log));
                    if (m.find()) {
                        s.put("quarkus_started_in_seconds", Double.parseDouble(m.group(1)));
                    }
                }
            }
            s.put("pid", e.getValue());
            s.put("idle_rss_mib", round(Procs.statusMiB(e.getValue(), "VmRSS"), 0));
            services.put(name, s);
        }
        return services;
    }

    @SuppressWarnings("unchecked")
    private void peakMemory() {
        Map<String, Object> services = (Map<String, Object>) results.get("services");
        pids.forEach((name, pid) -> {
            Map<String, Object> s = (Map<String, Object>) services.get(name);
            s.put("rss_after_bench_mib", round(Procs.statusMiB(pid, "VmRSS"), 0));
            s.put("peak_rss_mib", round(Procs.statusMiB(pid, "VmHWM"), 0));
        });
    }

    // ================================================================== raw limits

    private void rawLimits(Map<String, Object> limits) throws Exception {
        ProducerRecord<String, byte[]> template = new KeptRecords("promise-raw-", "bench", Instant.now()).record(0);
        int size = KeptRecords.size(template);
        limits.put("kept_record_bytes", size);
        String topic = "bench.raw-" + run;
        RawLimits.createTopic(bootstrap, topic);
        log("raw Kafka producer: %d records of %d bytes (key + value + headers) to %s", sizes.kafkaRecords(), size, topic);
        Map<String, Double> cpu0 = Procs.cpu(pids);
        long t0 = System.nanoTime();
        Map<String, Object> producer = RawLimits.produce(bootstrap, "bench-raw", sizes.kafkaRecords(),
                i -> new ProducerRecord<>(topic, null, "promise-raw-" + i, template.value(), template.headers()));
        producer.put("cpu_cores", Procs.cpuShare(cpu0, Procs.cpu(pids), (System.nanoTime() - t0) / 1e9));
        limits.put("kafka_producer", producer);
        log("  %s records/s", producer.get("records_per_second"));
        log("raw Kafka consumer: the same records");
        Map<String, Object> consumer = RawLimits.consume(bootstrap, topic, sizes.kafkaRecords());
        limits.put("kafka_consumer", consumer);
        log("  %s records/s", consumer.get("records_per_second"));
        String data = new String(template.value(), StandardCharsets.UTF_8);
        log("raw PostgreSQL: %d batched INSERTs of event rows", sizes.pgRows());
        cpu0 = Procs.cpu(pids);
        t0 = System.nanoTime();
        Map<String, Object> pg = RawLimits.insert(jdbcUrl, dbUser, dbPassword, sizes.pgRows(), 500, data);
        pg.put("cpu_cores", Procs.cpuShare(cpu0, Procs.cpu(pids), (System.nanoTime() - t0) / 1e9));
        limits.put("postgres_insert", pg);
        log("  %s rows/s", pg.get("rows_per_second"));
    }

    // ================================================================== (a) REST ingest and (b) end to end

    private final AtomicLong promiseSeq = new AtomicLong();

    private String newPromiseId() {
        return "b-" + run + "-" + promiseSeq.incrementAndGet();
    }

    /** A worker that makes a promise, then reports it kept (9 in 10) or broken, and so on. */
    private java.util.function.Supplier<CompletableFuture<Integer>> singleWorker(int worker) {
        String[] pending = {null};
        AtomicInteger n = new AtomicInteger();
        return () -> {
            if (pending[0] == null) {
                String id = newPromiseId();
                pending[0] = id;
                return http.make(id, "bench", "c-" + (n.get() % 997));
            }
            String id = pending[0];
            pending[0] = null;
            return http.outcome(id, n.incrementAndGet() % 10 == 0);
        };
    }

    /** A batch of {@code size} events: size/2 promises, each made then kept (9 in 10) or broken, in order. */
    private String batchBody(int size) {
        StringBuilder body = new StringBuilder(size * 330).append('[');
        Instant now = Instant.now();
        for (int i = 0; i < size / 2; i++) {
            long seq = promiseSeq.incrementAndGet();
            String id = "b-" + run + "-" + seq;
            if (i > 0) {
                body.append(',');
            }
            body.append(KeptHttp.cloudEvent("made", id, now, KeptHttp.makeBody(id, "bench", "c-" + seq % 997)));
            body.append(',');
            body.append(seq % 10 == 0
                    ? KeptHttp.cloudEvent("broken", id, now,
                            "{\"category\":\"mistake\",\"severity\":\"minor\",\"avoidable\":true}")
                    : KeptHttp.cloudEvent("kept", id, now, "{}"));
        }
        return body.append(']').toString();
    }

    private void restIngest(Map<String, Object> ingest, Map<String, Object> e2e) throws Exception {
        log("(a) max throughput, single requests: %d in flight for %.0f s", sizes.singleConcurrency(), sizes.maxSeconds());
        LoadGenerator.Stats maxSingle = measured("max_single", ingest, () -> LoadGenerator.closedLoop(
                sizes.singleConcurrency(), sizes.maxSeconds(), this::singleWorker));
        drain("after max single", 180);

        log("(a) max throughput, CloudEvents batches of %d: %d in flight for %.0f s", sizes.batchSize(),
                sizes.batchConcurrency(), sizes.maxSeconds());
        LoadGenerator.Stats maxBatch = measured("max_batch", ingest, () -> LoadGenerator.closedLoop(
                sizes.batchConcurrency(), sizes.maxSeconds(), w -> () -> http.batch(batchBody(sizes.batchSize()))));
        drain("after max batch", 180);

        double rate = sizes.targetRate();
        log("(a)+(b) constant %.0f events/s as single requests for %.0f s, with end-to-end probes", rate,
                sizes.constantSeconds());
        constantSingles("constant_single", rate, ingest, e2e);
        drain("after constant single", 240);

        log("(a)+(b) constant %.0f events/s as batches of %d for %.0f s, with end-to-end probes", rate,
                sizes.openBatchSize(), sizes.constantSeconds());
        int perBatch = sizes.openBatchSize();
        Probe probe = new Probe("constant_batch");
        measured("constant_batch", ingest, () -> LoadGenerator.openLoop(rate / perBatch, sizes.constantSeconds(), 16,
                i -> http.batch(batchBody(perBatch))));
        e2e.put("constant_batch", probe.stop());
        drain("after constant batch", 240);

        // Where the target rate is out of reach, the latency at a rate the service does sustain says more.
        double sustainable = Math.max(10, Math.floor(maxSingle.eventsPerSecond() * 0.6 / 10) * 10);
        if (sustainable < rate) {
            log("(a)+(b) constant %.0f events/s (60%% of the single-request maximum) for %.0f s, with end-to-end probes",
                    sustainable, sizes.constantSeconds());
            constantSingles("sustainable_single", sustainable, ingest, e2e);
            drain("after sustainable single", 240);
        }
        results.put("batch_events_per_second_for_watcher", maxBatch.eventsPerSecond());
    }

    /** Open loop of single requests at {@code rate} events/s: even slots make, odd slots report an earlier promise. */
    private void constantSingles(String name, double rate, Map<String, Object> ingest, Map<String, Object> e2e)
            throws Exception {
        int promises = (int) (rate * sizes.constantSeconds() / 2) + 2;
        String[] ids = new String[promises];
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] made = new CompletableFuture[promises];
        int lag = (int) Math.max(1, rate / 20); // the report follows its promise by ~0.1 s
        Probe probe = new Probe(name);
        measured(name, ingest, () -> LoadGenerator.openLoop(rate, sizes.constantSeconds(), 512, i -> {
            int p = (int) (i / 2);
            if (i % 2 == 0 || p < lag) {
                if (i % 2 == 1) {
                    return http.make(newPromiseId(), "bench", "c-" + i % 997);
                }
                ids[p] = newPromiseId();
                made[p] = http.make(ids[p], "bench", "c-" + p % 997);
                return made[p];
            }
            int q = p - lag;
            return made[q].thenCompose(ok -> http.outcome(ids[q], q % 10 == 0));
        }));
        e2e.put(name, probe.stop());
    }

    private interface Measure {
        LoadGenerator.Stats run() throws Exception;
    }

    private LoadGenerator.Stats measured(String name, Map<String, Object> into, Measure measure) throws Exception {
        Map<String, Double> cpu0 = Procs.cpu(pids);
        long errors0 = ERROR_COUNT.get();
        LoadGenerator.Stats stats = measure.run();
        Map<String, Object> r = statsMap(stats);
        r.put("cpu_cores", Procs.cpuShare(cpu0, Procs.cpu(pids), stats.seconds()));
        r.put("error_responses", ERROR_COUNT.get() - errors0);
        into.put(name, r);
        log("  %s", stats.line(name));
        return stats;
    }

    private static Map<String, Object> statsMap(LoadGenerator.Stats s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", s.mode());
        if (!Double.isNaN(s.intendedOpsPerSecond())) {
            r.put("intended_requests_per_second", round(s.intendedOpsPerSecond(), 1));
        }
        r.put("requests", s.ops());
        r.put("events_accepted", s.events());
        r.put("failed_requests", s.errors());
        r.put("unsent_requests", s.unsent());
        r.put("seconds", round(s.seconds(), 2));
        r.put("requests_per_second", round(s.opsPerSecond(), 1));
        r.put("events_per_second", round(s.eventsPerSecond(), 1));
        r.put("latency_ms", latencies(s.latencyMicros(), 1000.0));
        return r;
    }

    private static Map<String, Object> latencies(Histogram h, double perMs) {
        Map<String, Object> l = new LinkedHashMap<>();
        if (h.getTotalCount() == 0) {
            return l;
        }
        l.put("p50", round(h.getValueAtPercentile(50) / perMs, 2));
        l.put("p90", round(h.getValueAtPercentile(90) / perMs, 2));
        l.put("p99", round(h.getValueAtPercentile(99) / perMs, 2));
        l.put("p99_9", round(h.getValueAtPercentile(99.9) / perMs, 2));
        l.put("max", round(h.getMaxValue() / perMs, 2));
        l.put("mean", round(h.getMean() / perMs, 2));
        return l;
    }

    /**
     * (b) Sequential end-to-end probes while load runs: POST a promise for a marker guarantee, then poll
     * guarantee_compliance over JDBC until its made count shows it. Latency = POST sent to visible.
     */
    private final class Probe {

        private final String guarantee;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Histogram latency = LoadGenerator.histogram();
        private final Histogram post = LoadGenerator.histogram();
        private final AtomicLong timeouts = new AtomicLong();
        private final Thread thread;

        Probe(String phase) throws IOException, InterruptedException {
            guarantee = "bench-marker-" + phase.replace('_', '-') + "-" + run;
            http.defineGuarantee(guarantee, "PT24H", 0.8);
            thread = new Thread(this::loop, "bench-e2e-probe");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                    PreparedStatement q = c.prepareStatement(
                            "SELECT coalesce(sum(made), 0) FROM analytics.guarantee_compliance WHERE guarantee_id = ?")) {
                q.setString(1, guarantee);
                long n = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    Integer ok = http.make(guarantee + "-p" + (n + 1), guarantee, "marker").join();
                    long posted = System.nanoTime();
                    post.recordValue((posted - t0) / 1000);
                    if (ok == 0) {
                        Thread.sleep(100);
                        continue;
                    }
                    n++;
                    long deadline = t0 + Duration.ofSeconds(120).toNanos();
                    boolean seen = false;
                    while (System.nanoTime() < deadline) {
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) >= n) {
                                seen = true;
                                break;
                            }
                        }
                        Thread.sleep(5);
                    }
                    latency.recordValue((System.nanoTime() - t0) / 1000);
                    if (!seen) {
                        timeouts.incrementAndGet();
                        n = countNow(q); // resynchronise
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                sampleError("end-to-end probe: " + e);
            }
        }

        private long countNow(PreparedStatement q) throws SQLException {
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        Map<String, Object> stop() throws InterruptedException {
            stop.set(true);
            thread.join(130_000);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("probes", latency.getTotalCount());
            r.put("timeouts_120s", timeouts.get());
            r.put("latency_ms", latencies(latency, 1000.0));
            r.put("post_latency_ms", latencies(post, 1000.0));
            log("  end-to-end %-20s probes %4d  p50 %8.1f  p99 %8.1f  max %8.1f ms", guarantee.substring(13),
                    latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
            return r;
        }
    }

    /** Waits until promise-service's outbox is empty and analytics has no lag, so phases do not overlap. */
    private double drain(String what, long timeoutSeconds) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + timeoutSeconds * 1_000_000_000L;
        long outbox = -1;
        long lag = -1;
        Thread.sleep(1500); // lag is measured every second by the service
        while (System.nanoTime() < deadline) {
            outbox = scalar("SELECT count(*) FROM promise.outbox");
            lag = http.analyticsLag();
            if (outbox == 0 && lag == 0) {
                break;
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log("  drained %s in %.1f s (outbox %d, analytics lag %d)", what, seconds, outbox, lag);
        @SuppressWarnings("unchecked")
        Map<String, Object> drains = (Map<String, Object>) results.computeIfAbsent("drain_seconds",
                k -> new LinkedHashMap<String, Object>());
        drains.put(what, round(seconds, 1));
        return seconds;
    }

    private long scalar(String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ================================================================== (c) projection catch-up and rebuild

    private void projection(Map<String, Object> projection) throws Exception {
        long n = sizes.replayEvents();
        String guarantee = "bench-replay-" + run;
        KeptRecords records = new KeptRecords("r-" + run + "-", guarantee,
                Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        log("(c) publishing %d promise.made/kept records straight to %s", n, TARGET_TOPIC);
        Map<String, Double> cpu0 = Procs.cpu(pids);
        long t0 = System.nanoTime();
        Map<String, Object> publish = RawLimits.produce(bootstrap, "bench-replay", n,
                i -> {
                    ProducerRecord<String, byte[]> r = records.record(i);
                    return new ProducerRecord<>(TARGET_TOPIC, null, r.key(), r.value(), r.headers());
                });
        projection.put("publish", publish);
        log("  published at %s records/s; waiting for analytics to catch up (lag -> 0)", publish.get("records_per_second"));

        // The live projection is measured over a window (catchUpTimeout); if it has not caught up by then, the
        // rebuild below runs beside it, and after the swap the live consumers skip what the rebuild projected.
        long deadline = t0 + sizes.catchUpTimeout() * 1_000_000_000L;
        long lag = -1;
        List<List<Number>> curve = new ArrayList<>();
        Thread.sleep(1500);
        while (System.nanoTime() < deadline) {
            lag = http.analyticsLag();
            curve.add(List.of(round((System.nanoTime() - t0) / 1e9, 1), lag));
            if (lag == 0) {
                break;
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> catchUp = new LinkedHashMap<>();
        catchUp.put("cpu_cores", Procs.cpuShare(cpu0, Procs.cpu(pids), seconds));
        long projected = replayProjected(guarantee);
        catchUp.put("events", n);
        catchUp.put("completed", lag == 0);
        catchUp.put("window_seconds_from_first_publish", round(seconds, 1));
        catchUp.put("events_projected", projected);
        catchUp.put("events_per_second", round(projected / seconds, 0));
        catchUp.put("lag_at_end_of_window", lag);
        catchUp.put("estimated_seconds_for_all", round(n / Math.max(projected / seconds, 1e-9), 0));
        catchUp.put("recovery_service_lag_at_end", RawLimits.groupLag(bootstrap, "recovery-service", TARGET_TOPIC));
        catchUp.put("lag_curve", curve);
        projection.put("catch_up", catchUp);
        log("  catch-up: %d of %d events projected in %.1f s = %.0f events/s (lag %d)", projected, n, seconds,
                projected / seconds, lag);
        long catchUpT0 = t0;

        log("(c) POST /analytics/rebuild");
        cpu0 = Procs.cpu(pids);
        t0 = System.nanoTime();
        http.postJson(http.analytics + "/analytics/rebuild");
        JsonNode status = null;
        deadline = t0 + sizes.rebuildTimeout() * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            try {
                status = http.getJson(http.analytics + "/analytics/rebuild");
            } catch (IOException e) {
                log("  GET /analytics/rebuild did not answer: %s", e);
                continue;
            }
            String state = status.path("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) {
                break;
            }
        }
        seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> rebuild = new LinkedHashMap<>();
        rebuild.put("wall_seconds", round(seconds, 1));
        rebuild.put("status", status);
        rebuild.put("records_per_second_reported", status == null ? null : status.path("recordsPerSecond").asDouble());
        rebuild.put("records_per_second_wall", status == null ? null
                : round(status.path("recordsRead").asLong() / seconds, 0));
        rebuild.put("cpu_cores", Procs.cpuShare(cpu0, Procs.cpu(pids), seconds));
        projection.put("rebuild", rebuild);
        log("  rebuild %s: %s records in %.1f s, %s records/s reported", status == null ? "?" : status.path("state"),
                status == null ? "?" : status.path("recordsRead"), seconds,
                status == null ? "?" : status.path("recordsPerSecond"));
        if (lag != 0) {
            long t1 = System.nanoTime();
            long after = -1;
            while (System.nanoTime() - t1 < 180_000_000_000L) {
                after = http.analyticsLag();
                if (after == 0) {
                    break;
                }
                Thread.sleep(1000);
            }
            catchUp.put("lag_zero_after_rebuild", after == 0);
            catchUp.put("seconds_from_first_publish_to_lag_zero_with_rebuild",
                    round((System.nanoTime() - catchUpT0) / 1e9, 1));
            catchUp.put("replay_events_in_view_at_end", replayProjected(guarantee));
            log("  lag %d %.1f s after the first publish (live projection + rebuild)", after,
                    (System.nanoTime() - catchUpT0) / 1e9);
        }
    }

    /** Replay events visible in analytics.promises: made ones count 1, kept ones 2 (made + kept). */
    private long replayProjected(String guarantee) throws SQLException {
        return scalar("SELECT coalesce(sum(CASE WHEN status = 'kept' THEN 2 ELSE 1 END), 0) FROM analytics.promises"
                + " WHERE guarantee_id = ?", guarantee);
    }

    // ================================================================== (d) deadline watcher

    private void watcher(Map<String, Object> watcher) throws Exception {
        int n = (int) sizes.watcherPromises();
        drain("before watcher", 120);
        Duration grace = Duration.parse(System.getenv().getOrDefault("KEPT_WATCHERS_DEADLINE_GRACE", "PT1M"));
        watcher.put("interval", System.getenv().getOrDefault("KEPT_WATCHERS_DEADLINE_INTERVAL", "5s"));
        watcher.put("batch_size", System.getenv().getOrDefault("KEPT_WATCHERS_DEADLINE_BATCH_SIZE", "500"));
        watcher.put("grace", grace.toString());
        watcher.put("concurrency", System.getenv().getOrDefault("KEPT_WATCHERS_CONCURRENCY",
                io.kept.eventstore.WatcherItem.DEFAULT_CONCURRENCY + " (default)"));
        // The promises must all exist before they fall due, or the watcher breaks the first while the last are
        // still being made and the figure measures the creation. Without a batch rate from (a) (--only=watcher),
        // assume a slow one: waiting a little longer costs nothing but time.
        double rate = (Double) results.getOrDefault("batch_events_per_second_for_watcher", 150.0);
        double estimate = n / Math.max(rate, 100);
        Instant due = Instant.now().plusSeconds((long) Math.max(15, estimate * 1.5 + 10)).truncatedTo(ChronoUnit.SECONDS);
        Instant madeAt = Instant.now().minus(Duration.ofHours(1));
        double before = http.metric(http.promise, "kept_watcher_breaches_total");
        watcher.put("promises", n);
        watcher.put("due_at", due.toString());
        log("(d) making %d open promises due at %s (batches of 1000)", n, due);

        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        LoadGenerator.Stats create = LoadGenerator.closedLoop(3, 3600, w -> () -> {
            int from = next.getAndAdd(1000);
            if (from >= n) {
                return CompletableFuture.completedFuture(-1); // done: stops this worker below
            }
            StringBuilder body = new StringBuilder().append('[');
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                String id = "w-" + run + "-" + i;
                if (i > from) {
                    body.append(',');
                }
                body.append(KeptHttp.cloudEvent("made", id, madeAt, "{\"promiseId\":\"" + id
                        + "\",\"guaranteeId\":\"bench-watch\",\"customerId\":\"c-" + i % 997 + "\",\"madeAt\":\""
                        + madeAt + "\",\"dueAt\":\"" + due + "\",\"team\":\"bench\"}"));
            }
            return http.batch(body.append(']').toString());
        }, () -> next.get() >= n);
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        watcher.put("create", statsMap(create));
        log("  made %d in %.1f s (%.0f events/s)", create.events(), createSeconds, create.events() / createSeconds);

        Instant eligible = due.plus(grace);
        long wait = Duration.between(Instant.now(), eligible).toMillis();
        watcher.put("creation_finished_before_due", wait > 0);
        if (wait > 0) {
            Thread.sleep(wait);
        } else {
            log("  creation ended %.1f s after due+grace: the watcher was breaking promises meanwhile, so the time below"
                    + " still counts from due+grace", -wait / 1000.0);
        }
        // From due + grace, even when the creation ended after it.
        long start = System.nanoTime() - Math.max(0, -wait) * 1_000_000L;
        // The CPU over its own window: from now, not from a due time already past.
        long cpuStart = System.nanoTime();
        Map<String, Double> cpu0 = Procs.cpu(pids);
        long deadline = start + sizes.watcherTimeout() * 1_000_000_000L;
        double breaches = 0;
        List<List<Number>> curve = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                breaches = http.metric(http.promise, "kept_watcher_breaches_total") - Math.max(before, 0);
            } catch (IOException e) {
                log("  metrics did not answer: %s", e);
            }
            curve.add(List.of(round((System.nanoTime() - start) / 1e9, 1), (long) breaches));
            if (breaches >= create.events()) {
                break;
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long brokenInDb = scalar("SELECT count(*) FROM promise.promises WHERE guarantee_id = 'bench-watch'"
                + " AND status = 'broken' AND promise_id LIKE ?", "w-" + run + "-%");
        watcher.put("cpu_cores", Procs.cpuShare(cpu0, Procs.cpu(pids), (System.nanoTime() - cpuStart) / 1e9));
        watcher.put("breaches_counted", (long) breaches);
        watcher.put("broken_in_db", brokenInDb);
        watcher.put("completed", breaches >= create.events());
        watcher.put("seconds_from_due_plus_grace", round(seconds, 1));
        watcher.put("breaches_per_second", round(breaches / seconds, 0));
        watcher.put("curve", curve);
        log("  watcher: %.0f of %d broken %.1f s after due+grace = %.0f breaches/s", breaches, create.events(), seconds,
                breaches / seconds);
    }

    // ================================================================== summary: targets and ratios

    @SuppressWarnings("unchecked")
    private static Object get(Map<String, Object> root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(key);
        }
        return node instanceof JsonNode json ? (json.isNumber() ? json.asDouble() : json.asText()) : node;
    }

    private double num(String path) {
        Object v = get(results, path);
        return v instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    private Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        double target = sizes.targetRate();
        List<Map<String, Object>> targets = new ArrayList<>();
        targets.add(target("REST single p99 at " + (int) target + " events/s", "ms", num("rest_ingest.constant_single.latency_ms.p99"),
                25, false));
        targets.add(target("REST single achieved rate", "events/s", num("rest_ingest.constant_single.events_per_second"),
                target * 0.98, true));
        targets.add(target("REST batch p99 at " + (int) target + " events/s", "ms", num("rest_ingest.constant_batch.latency_ms.p99"),
                25, false));
        targets.add(target("REST batch achieved rate", "events/s", num("rest_ingest.constant_batch.events_per_second"),
                target * 0.98, true));
        targets.add(target("end-to-end p99 at " + (int) target + " events/s (single)", "ms",
                num("end_to_end.constant_single.latency_ms.p99"), 1000, false));
        targets.add(target("end-to-end p99 at " + (int) target + " events/s (batch)", "ms",
                num("end_to_end.constant_batch.latency_ms.p99"), 1000, false));
        targets.add(target("rebuild", "records/s", num("projection.rebuild.records_per_second_reported"), 50_000, true));
        targets.add(target("rebuild / raw consumer", "ratio", num("projection.rebuild.records_per_second_reported")
                / num("limits.kafka_consumer.records_per_second"), 0.5, true));
        s.put("targets", targets);

        List<Map<String, Object>> ratios = new ArrayList<>();
        double pg = num("limits.postgres_insert.rows_per_second");
        double producer = num("limits.kafka_producer.records_per_second");
        double consumer = num("limits.kafka_consumer.records_per_second");
        ratios.add(ratio("REST single, max events/s", num("rest_ingest.max_single.events_per_second"),
                "raw PostgreSQL batched insert rows/s", pg));
        ratios.add(ratio("REST batch, max events/s", num("rest_ingest.max_batch.events_per_second"),
                "raw PostgreSQL batched insert rows/s", pg));
        ratios.add(ratio("Kept records built + published (SDK), records/s", num("projection.publish.records_per_second"),
                "raw Kafka producer records/s", producer));
        ratios.add(ratio("live projection catch-up, events/s", num("projection.catch_up.events_per_second"),
                "raw Kafka consumer records/s", consumer));
        ratios.add(ratio("rebuild, records/s", num("projection.rebuild.records_per_second_reported"),
                "raw Kafka consumer records/s", consumer));
        ratios.add(ratio("deadline watcher, breaches/s", num("watcher.breaches_per_second"),
                "raw PostgreSQL batched insert rows/s", pg));
        s.put("ratios_to_limits", ratios);
        return s;
    }

    private static Map<String, Object> target(String name, String unit, double measured, double target,
            boolean higherIsBetter) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("unit", unit);
        t.put("measured", round(measured, unit.equals("ratio") ? 3 : 1));
        t.put("target", (higherIsBetter ? "≥ " : "< ") + (unit.equals("ratio") ? target : (long) target));
        t.put("met", Double.isNaN(measured) ? null : higherIsBetter ? measured >= target : measured < target);
        t.put("attainment", round(higherIsBetter ? measured / target : target / measured, 3));
        return t;
    }

    private static Map<String, Object> ratio(String kept, double keptValue, String limit, double limitValue) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kept", kept);
        r.put("kept_value", round(keptValue, 0));
        r.put("limit", limit);
        r.put("limit_value", round(limitValue, 0));
        r.put("ratio", round(keptValue / limitValue, 4));
        return r;
    }

    static String[] splitCsv(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toArray(String[]::new);
    }

    static ObjectMapper json() {
        return new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
