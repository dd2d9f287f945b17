package io.kept.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed schema files are what {@link EventSchemas} generates from the records. With
 * {@code -Dkept.events.writeSchemas=true} this test rewrites them instead of failing.
 */
class SchemaFilesTest {

    private static final String WRITE_PROPERTY = "kept.events.writeSchemas";
    private static final String HOW_TO_REGENERATE = "the records changed; regenerate the schema files with\n"
            + "  ./mvnw -pl events verify -Dkept.events.writeSchemas=true\n"
            + "then review and commit src/main/resources/" + EventSchemas.RESOURCE_DIRECTORY;

    private static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."))
            .resolve("src/main/resources").resolve(EventSchemas.RESOURCE_DIRECTORY);

    private static final ObjectWriter WRITER = EventJson.mapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    @BeforeAll
    static void writeWhenAsked() throws IOException {
        if (!Boolean.getBoolean(WRITE_PROPERTY)) {
            return;
        }
        Files.createDirectories(DIRECTORY);
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path stale : files.filter(SchemaFilesTest::isSchemaFile).toList()) {
                Files.delete(stale);
            }
        }
        for (EventType type : EventType.values()) {
            String text = WRITER.writeValueAsString(EventSchemas.schema(type)) + "\n";
            Files.writeString(DIRECTORY.resolve(EventSchemas.fileName(type)), text, StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void committedSchemaEqualsTheGeneratedOne(EventType type) throws IOException {
        Path file = DIRECTORY.resolve(EventSchemas.fileName(type));
        assertThat(file).as("schema file of %s is missing; %s", type.type(), HOW_TO_REGENERATE).exists();

        JsonNode committed = EventJson.mapper().readTree(file.toFile());

        assertThat(committed)
                .as("%s differs from the generated schema; %s", file.getFileName(), HOW_TO_REGENERATE)
                .isEqualTo(EventSchemas.schema(type));
    }

    @Test
    void thereIsNoSchemaFileWithoutAnEventType() throws IOException {
        List<String> expected = Arrays.stream(EventType.values()).map(EventSchemas::fileName).toList();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            assertThat(files.filter(SchemaFilesTest::isSchemaFile).map(file -> file.getFileName().toString()))
                    .as("stale schema files; %s", HOW_TO_REGENERATE)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsOnTheClassPathForClients(EventType type) throws IOException {
        // Files written by this run reach the class path with the next build.
        assumeFalse(Boolean.getBoolean(WRITE_PROPERTY));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(EventSchemas.resourceName(type))) {
            assertThat(in).as(EventSchemas.resourceName(type)).isNotNull();
        }
    }

    private static boolean isSchemaFile(Path file) {
        return file.getFileName().toString().endsWith(".schema.json");
    }
}
