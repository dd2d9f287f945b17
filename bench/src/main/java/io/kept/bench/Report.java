package io.kept.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes results/&lt;timestamp&gt;.json, .md (the tables for the README) and .svg, and the latest.* copies. */
final class Report {

    private Report() {
    }

    /** {@code suffix}: "" for a full run, else what marks the run's files (-quick, -watcher) and its latest-*. */
    static void write(Map<String, Object> results, Path dir, String suffix) throws IOException {
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + suffix;
        Path json = dir.resolve(stamp + ".json");
        Bench.json().writeValue(json.toFile(), results);
        Path md = dir.resolve(stamp + ".md");
        Files.writeString(md, markdown(results));
        Path svg = dir.resolve(stamp + ".svg");
        Files.writeString(svg, svg(results));
        String latest = "latest" + suffix;
        Files.copy(json, dir.resolve(latest + ".json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(md, dir.resolve(latest + ".md"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(svg, dir.resolve(latest + ".svg"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println();
        System.out.println(Files.readString(md));
        System.out.println("Results: " + json + " (+ .md, .svg; copied to " + latest + ".*)");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> results, String a, String b) {
        Object summary = results.get(a);
        if (!(summary instanceof Map)) {
            return List.of();
        }
        Object l = ((Map<String, Object>) summary).get(b);
        return l instanceof List ? (List<Map<String, Object>>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("| target | measured | target | met |\n| --- | ---: | ---: | :---: |\n");
        for (Map<String, Object> t : list(r, "summary", "targets")) {
            Object met = t.get("met");
            md.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s |%n", t.get("name"), fmt(t.get("measured")),
                    t.get("unit"), t.get("target"), met == null ? "n/a" : (Boolean) met ? "yes" : "**no**"));
        }
        md.append("\n| Kept figure | value | machine limit | value | ratio |\n| --- | ---: | --- | ---: | ---: |\n");
        for (Map<String, Object> t : list(r, "summary", "ratios_to_limits")) {
            double ratio = ((Number) t.get("ratio")).doubleValue();
            // A scenario left out of the run (--only) has no figure, so no ratio.
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", t.get("kept"), fmt(t.get("kept_value")),
                    t.get("limit"), fmt(t.get("limit_value")),
                    Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.1f %%", ratio * 100)));
        }
        md.append("\n| REST run | mode | events/s | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | failed | unsent |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Object ingest = r.get("rest_ingest");
        if (ingest instanceof Map) {
            ((Map<String, Object>) ingest).forEach((name, v) -> {
                Map<String, Object> s = (Map<String, Object>) v;
                Map<String, Object> l = (Map<String, Object>) s.get("latency_ms");
                md.append(String.format(Locale.ROOT, "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
                        s.get("mode"), s.containsKey("intended_requests_per_second")
                                ? " @ " + fmt(s.get("intended_requests_per_second")) + " req/s" : "",
                        fmt(s.get("events_per_second")), fmt(s.get("requests_per_second")), fmt(l.get("p50")),
                        fmt(l.get("p90")), fmt(l.get("p99")), fmt(l.get("p99_9")), fmt(l.get("max")),
                        s.get("failed_requests"), s.get("unsent_requests")));
            });
        }
        md.append("\n| end-to-end (POST → guarantee_compliance) | probes | p50 ms | p99 ms | max ms | timeouts |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
        Object e2e = r.get("end_to_end");
        if (e2e instanceof Map) {
            ((Map<String, Object>) e2e).forEach((name, v) -> {
                Map<String, Object> s = (Map<String, Object>) v;
                Map<String, Object> l = (Map<String, Object>) s.get("latency_ms");
                md.append(String.format(Locale.ROOT, "| during %s | %s | %s | %s | %s | %s |%n", name, s.get("probes"),
                        fmt(l.get("p50")), fmt(l.get("p99")), fmt(l.get("max")), s.get("timeouts_120s")));
            });
        }
        md.append("\n| service | ready after (s, all four started together) | Quarkus \"started in\" (s) | idle RSS (MiB) | peak RSS (MiB) |\n"
                + "| --- | ---: | ---: | ---: | ---: |\n");
        Object services = r.get("services");
        if (services instanceof Map) {
            ((Map<String, Object>) services).forEach((name, v) -> {
                Map<String, Object> s = (Map<String, Object>) v;
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n",
                        name.equals("infra") ? "infra (PostgreSQL + Kafka JVM; PostgreSQL's own processes not counted)" : name,
                        fmt(s.get("ready_seconds")), fmt(s.get("quarkus_started_in_seconds")), fmt(s.get("idle_rss_mib")),
                        fmt(s.get("peak_rss_mib"))));
            });
        }
        return md.toString();
    }

    private static String fmt(Object v) {
        if (v == null) {
            return "–";
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "–";
            }
            if (Math.abs(d) >= 100 || d == Math.rint(d)) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            return String.format(Locale.ROOT, "%.2f", d);
        }
        return v.toString();
    }

    /** Two groups of horizontal bars: each target's attainment, and each Kept figure as a share of its limit. */
    static String svg(Map<String, Object> r) {
        List<Map<String, Object>> targets = list(r, "summary", "targets");
        List<Map<String, Object>> ratios = list(r, "summary", "ratios_to_limits");
        int rowH = 26;
        int left = 380;
        int width = 900;
        int barMax = width - left - 120;
        int height = 90 + (targets.size() + ratios.size()) * rowH + 60;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Kept bench %s "
                + "(%s run)</text>%n", esc(String.valueOf(r.get("started_at"))), esc(String.valueOf(r.get("mode")))));
        int y = 50;
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">Targets: attainment (100 %% = "
                + "target met exactly; bar capped at 200 %%)</text>%n", y));
        y += 10;
        for (Map<String, Object> t : targets) {
            double a = ((Number) t.get("attainment")).doubleValue();
            Object met = t.get("met");
            String color = met == null ? "#999" : (Boolean) met ? "#2a9d3a" : "#d1495b";
            y = bar(s, y, rowH, left, barMax, t.get("name") + " (" + fmt(t.get("measured")) + " " + t.get("unit") + ", "
                    + t.get("target") + ")", a, 2.0, color, Double.isNaN(a) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", a * 100));
        }
        y += 30;
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">Kept as a share of the same "
                + "machine's raw limit (line: 50 %%)</text>%n", y));
        y += 10;
        int top = y;
        for (Map<String, Object> t : ratios) {
            double ratio = ((Number) t.get("ratio")).doubleValue();
            y = bar(s, y, rowH, left, barMax, t.get("kept") + " / " + t.get("limit"), ratio, 1.0,
                    ratio >= 0.5 ? "#2a9d3a" : "#e9a03b",
                    Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", ratio * 100));
        }
        int x50 = left + barMax / 2;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
                + "stroke-dasharray=\"4 3\"/>%n", x50, top, x50, y));
        s.append("</svg>\n");
        return s.toString();
    }

    private static int bar(StringBuilder s, int y, int rowH, int left, int barMax, String label, double value,
            double full, String color, String text) {
        double v = Double.isNaN(value) ? 0 : Math.min(value, full);
        int w = (int) Math.round(barMax * v / full);
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 8,
                y + rowH - 10, esc(label.length() > 62 ? label.substring(0, 60) + "…" : label)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", left,
                y + 6, Math.max(w, 1), rowH - 10, color));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left + Math.max(w, 1) + 6,
                y + rowH - 10, esc(text)));
        return y + rowH;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
