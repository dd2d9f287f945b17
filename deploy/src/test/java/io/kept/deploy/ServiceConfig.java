package io.kept.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads from its configuration, taken from the sources rather than from a list kept by hand:
 * its application.properties, the event store library's defaults (META-INF/microprofile-config.properties),
 * and, in its Java sources, {@code @ConfigMapping} interfaces, {@code @ConfigProperty} names and
 * {@code ${key:default}} expressions.
 */
record ServiceConfig(String service, Map<String, String> properties, Set<String> environmentReferences,
        Set<String> keys) {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("promise-service", "recovery-service", "followup-service",
            "analytics-service");

    /** ${NAME} or ${NAME:default} where NAME is an environment variable (upper case). */
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    /** ${kept.some.key:default} in Java sources, e.g. in @Scheduled(every = ...). */
    private static final Pattern KEY_REF = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*)(?::[^}]*)?}");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    /** A property method of a mapping's top-level interface: four spaces, a type, a name, "();". */
    private static final Pattern MAPPING_METHOD = Pattern.compile("^ {4}[\\w<>, .]+ (\\w+)\\(\\);", Pattern.MULTILINE);

    static ServiceConfig of(String service) {
        Map<String, String> props = new TreeMap<>();
        load(ROOT.resolve("eventstore/src/main/resources/META-INF/microprofile-config.properties"), props);
        load(ROOT.resolve(service).resolve("src/main/resources/application.properties"), props);

        Set<String> env = new TreeSet<>();
        props.values().forEach(v -> find(ENV_REF, v, env));

        Set<String> keys = new TreeSet<>();
        props.keySet().forEach(k -> keys.add(k.startsWith("%") ? k.substring(k.indexOf('.') + 1) : k));
        for (Path src : List.of(ROOT.resolve("eventstore/src/main/java"), ROOT.resolve(service).resolve("src/main/java"))) {
            javaSources(src).forEach(code -> {
                find(CONFIG_PROPERTY, code, keys);
                find(KEY_REF, code, keys);
                Matcher mapping = MAPPING.matcher(code);
                if (mapping.find()) {
                    Matcher method = MAPPING_METHOD.matcher(code);
                    while (method.find()) {
                        keys.add(mapping.group(1) + "." + kebab(method.group(1)));
                    }
                }
            });
        }
        return new ServiceConfig(service, props, env, keys);
    }

    /** The environment variable MicroProfile Config reads for a property: kept.outbox.batch-size -> KEPT_OUTBOX_BATCH_SIZE. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** The property an environment variable sets, if this service reads it. */
    boolean reads(String variable) {
        return environmentReferences.contains(variable)
                || keys.stream().anyMatch(k -> environmentName(k).equals(variable));
    }

    /** The port the service listens on. */
    int httpPort() {
        return Integer.parseInt(properties.get("quarkus.http.port"));
    }

    /** The topics it consumes and dead-letters to (mp.messaging.*.topic). */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("mp.messaging.") && k.endsWith(".topic")) {
                topics.add(v);
            }
        });
        return topics;
    }

    private static void load(Path file, Map<String, String> into) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.forEach((k, v) -> into.put((String) k, (String) v));
    }

    private static List<String> javaSources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void find(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
