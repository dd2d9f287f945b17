package io.kept.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write path alone, for iterating on it: {@code POST /promises} back to back on a warm stack, beside pgbench's
 * event-plus-outbox commits on the same PostgreSQL in the same run. Much shorter than {@link Bench}'s full run, so a
 * change can be measured (and profiled, with {@code bench/run --write-path --profile}) in about two minutes.
 *
 * <p>Options: {@code --kept-home=DIR --out=DIR --warmup=S --seconds=S --concurrency=N --pg-clients=N --alone=true}.
 * With {@code --alone=true} (bench/run {@code --write-path --alone}) the consumers (recovery-, followup- and
 * analytics-service) are stopped first: promise-service, PostgreSQL and Kafka alone, the "promise-service
 * alone" figure.
 */
public final class WritePath {

    private WritePath() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument " + arg
                        + " (--kept-home=DIR, --out=DIR, --warmup=S, --seconds=S, --concurrency=N, --pg-clients=N, --alone=true)");
            }
            opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path keptHome = Path.of(opts.getOrDefault("kept-home", "/tmp/kept-bench"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "30"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "30"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "32"));
        int pgClients = Integer.parseInt(opts.getOrDefault("pg-clients", "8"));
        String jdbc = "jdbc:postgresql://127.0.0.1:15432/kept";
        KeptHttp http = new KeptHttp("http://127.0.0.1:8081", "http://127.0.0.1:8084");
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : new String[] {"infra", "promise-service", "recovery-service", "followup-service",
                "analytics-service"}) {
            Path file = keptHome.resolve("run/" + name + ".pid");
            if (Files.exists(file)) {
                pids.put(name, Long.parseLong(Files.readString(file).trim()));
            }
        }
        boolean alone = Boolean.parseBoolean(opts.getOrDefault("alone", "false"));
        if (alone) {
            for (String consumer : new String[] {"recovery-service", "followup-service", "analytics-service"}) {
                Long pid = pids.remove(consumer);
                if (pid != null) {
                    ProcessHandle.of(pid).ifPresent(process -> {
                        process.destroy();
                        process.onExit().join();
                    });
                }
            }
            Bench.log("alone: recovery-, followup- and analytics-service stopped");
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("started_at", Instant.now().toString());
        results.put("alone", alone);
        results.put("commit", System.getenv().getOrDefault("BENCH_COMMIT", "unknown"));

        http.defineGuarantee("bench", "PT24H", 0.8);
        String run = Long.toString(System.currentTimeMillis() % 100_000_000, 36);
        AtomicLong seq = new AtomicLong();
        Bench.log("warm-up: %.0f s of POST /promises, %d in flight", warmup, concurrency);
        LoadGenerator.closedLoop(concurrency, warmup, w -> () -> {
            String id = "w-" + run + "-" + seq.incrementAndGet();
            return http.make(id, "bench", "c-" + (seq.get() % 5000));
        });
        double warmDrain = drain(http, jdbc, 180, alone);
        Bench.log("  drained in %.1f s", warmDrain);

        String data = new String(new KeptRecords("promise-raw-", "bench", Instant.now()).record(0).value(),
                StandardCharsets.UTF_8);
        Bench.log("pgbench: %d clients, 15 s, one event row and its outbox row per commit", pgClients);
        Map<String, Object> pg = RawLimits.pgbench(jdbc, "kept", "kept", pgClients, 15, data);
        results.put("pgbench", pg);
        Bench.log("  %s commits/s (synchronous_commit=%s)", pg.get("commits_per_second"), pg.get("synchronous_commit"));

        Bench.log("POST /promises: %.0f s, %d in flight", seconds, concurrency);
        Map<String, Double> cpu0 = Procs.cpu(pids);
        long t0 = System.nanoTime();
        LoadGenerator.Stats stats = LoadGenerator.closedLoop(concurrency, seconds, w -> () -> {
            String id = "m-" + run + "-" + seq.incrementAndGet();
            return http.make(id, "bench", "c-" + (seq.get() % 5000));
        });
        Map<String, Object> cpu = Procs.cpuShare(cpu0, Procs.cpu(pids), (System.nanoTime() - t0) / 1e9);
        Bench.log("  %s", stats.line("POST /promises"));
        double drained = drain(http, jdbc, 300, alone);
        Bench.log(alone ? "  outbox empty %.1f s after the load ended" : "  consumers caught up %.1f s after the load ended",
                drained);
        double ratio = stats.eventsPerSecond() / ((Number) pg.get("commits_per_second")).doubleValue();
        Bench.log("  ratio: %.1f %% of pgbench's commits/s; CPU %s", ratio * 100, cpu);

        Map<String, Object> make = new LinkedHashMap<>();
        make.put("concurrency", concurrency);
        make.put("seconds", Bench.round(stats.seconds(), 1));
        make.put("events_per_second", Bench.round(stats.eventsPerSecond(), 0));
        make.put("errors", stats.errors());
        make.put("p50_ms", Bench.round(stats.millis(50), 2));
        make.put("p99_ms", Bench.round(stats.millis(99), 2));
        make.put("ratio_to_pgbench", Bench.round(ratio, 3));
        make.put("drained_after_seconds", Bench.round(drained, 1));
        make.put("cpu_cores", cpu);
        results.put("post_promises", make);

        Thread.sleep(5000);
        Bench.log("idle: 20 s with nothing to do");
        Map<String, Double> idle0 = Procs.cpu(pids);
        long i0 = System.nanoTime();
        Thread.sleep(20_000);
        Map<String, Object> idle = Procs.cpuShare(idle0, Procs.cpu(pids), (System.nanoTime() - i0) / 1e9);
        Bench.log("  CPU %s", idle);
        results.put("idle_cpu_cores", idle);

        Path out = Path.of(opts.getOrDefault("out", "bench/results"));
        Files.createDirectories(out);
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String name = alone ? "write-path-alone" : "write-path";
        json.writeValue(out.resolve(stamp + "-" + name + ".json").toFile(), results);
        json.writeValue(out.resolve("latest-" + name + ".json").toFile(), results);
        Bench.log("wrote %s", out.resolve(stamp + "-" + name + ".json"));
        System.exit(0);
    }

    /** Seconds until promise-service's outbox is empty and (unless it runs alone) analytics has no lag. */
    private static double drain(KeptHttp http, String jdbc, long timeoutSeconds, boolean alone) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + timeoutSeconds * 1_000_000_000L;
        Thread.sleep(1500); // the lag is measured every second by the service
        while (System.nanoTime() < deadline) {
            long outbox;
            try (Connection c = DriverManager.getConnection(jdbc, "kept", "kept"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM promise.outbox")) {
                rs.next();
                outbox = rs.getLong(1);
            }
            if (outbox == 0 && (alone || http.analyticsLag() == 0)) {
                break;
            }
            Thread.sleep(500);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
