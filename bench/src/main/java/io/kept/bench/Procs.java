package io.kept.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Memory and CPU time of the stack's processes, from /proc. */
final class Procs {

    private static final double TICKS = 100.0; // USER_HZ on Linux

    private Procs() {
    }

    /** A field of /proc/PID/status in MiB (VmRSS, VmHWM), or -1. */
    static double statusMiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU seconds (user + system, plus reaped children when {@code children}) of one process. */
    static double cpuSeconds(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the comm: index 0 = state (field 3); utime = field 14 -> index 11
            double ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (children) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** CPU seconds of every postgres process (the postmaster's reaped children included). */
    static double postgresCpuSeconds() {
        double sum = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && comm(Long.parseLong(name)).equals("postgres")) {
                    sum += cpuSeconds(Long.parseLong(name), true);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** CPU seconds per component: the services, the infra JVM (Kafka), PostgreSQL and the bench itself. */
    static Map<String, Double> cpu(Map<String, Long> pids) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> cpu.put(name.equals("infra") ? "kafka (infra JVM)" : name, cpuSeconds(pid, false)));
        cpu.put("postgresql", postgresCpuSeconds());
        cpu.put("bench", cpuSeconds(ProcessHandle.current().pid(), false));
        return cpu;
    }

    /** CPU seconds spent per component between two snapshots, as a share of the machine's cores. */
    static Map<String, Object> cpuShare(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Object> share = new LinkedHashMap<>();
        double cores = Runtime.getRuntime().availableProcessors();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double used = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            total += used;
            share.put(e.getKey(), Bench.round(used / seconds, 2));
        }
        share.put("total_cores_busy", Bench.round(total / seconds, 2));
        share.put("cores", cores);
        return share;
    }
}
