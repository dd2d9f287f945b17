package io.kept.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went (bench/run --profile): the hottest methods by self time, and
 * by "first frame in a package of interest" (io.kept, the PostgreSQL and Kafka clients, Vert.x, Jackson...).
 * Usage: JfrTop FILE [TOP].
 */
public final class JfrTop {

    private static final List<String> AREAS = List.of("io.kept.", "org.hibernate.", "io.vertx.pgclient.", "io.vertx.sqlclient.",
            "org.apache.kafka.", "com.fasterxml.jackson.", "io.cloudevents.", "io.smallrye.reactive.messaging.",
            "org.jboss.resteasy.", "io.quarkus.", "io.vertx.", "io.netty.", "io.smallrye.mutiny.", "org.flywaydb.",
            "io.micrometer.", "java.", "jdk.", "sun.");

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> area = new HashMap<>();
        Map<String, Integer> kept = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            String a = "other";
            for (String prefix : AREAS) {
                if (frames.get(0).getMethod().getType().getName().startsWith(prefix)) {
                    a = prefix;
                    break;
                }
            }
            area.merge(a, 1, Integer::sum);
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("io.kept.")) {
                    kept.merge(name(f), 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.printf("%s: %d CPU samples%n", args[0], samples);
        print("package of the executing method", area, samples, top);
        print("hottest methods (self)", self, samples, top);
        print("innermost Kept frame on the stack", kept, samples, top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
}
