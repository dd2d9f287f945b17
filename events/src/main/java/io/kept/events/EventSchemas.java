package io.kept.events;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.TypeScope;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.validation.constraints.NotBlank;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schemas (draft 2020-12) of the event payloads, generated from the records so the records stay the one
 * source of truth, and validation of incoming payloads against them. The same schemas are committed as
 * {@code io/kept/events/schemas/<ce-type>.schema.json} for clients that do not run Java.
 */
public final class EventSchemas {

    /** Class-path directory of the committed schema files. */
    public static final String RESOURCE_DIRECTORY = "io/kept/events/schemas";

    private static final String LOCAL_TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
    /** The pattern a {@code @NotBlank} string gets: at least one character that is not white space. */
    private static final String NOT_BLANK_PATTERN = "\\S";

    private static final SchemaGenerator GENERATOR = new SchemaGenerator(generatorConfig().build());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig VALIDATOR_CONFIG = SchemaValidatorsConfig.builder()
            // Draft 2020-12 treats "format" as a note only; we want "date-time" and "duration" checked.
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();

    private static final Map<EventType, JsonNode> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<EventType, JsonSchema> VALIDATORS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema of {@code type}'s payload; a copy, so callers may change it. */
    public static JsonNode schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, EventSchemas::generate).deepCopy();
    }

    /** The schema file's name, e.g. {@code io.kept.promise.made.schema.json}. */
    public static String fileName(EventType type) {
        return type.type() + ".schema.json";
    }

    /** The schema file's class-path resource name. */
    public static String resourceName(EventType type) {
        return RESOURCE_DIRECTORY + "/" + fileName(type);
    }

    /** Every schema violation of {@code data}, each as {@code field: message}; empty when valid. */
    public static List<String> validate(EventType type, JsonNode data) {
        return errors(type, data).stream().map(FieldError::toString).toList();
    }

    /** Every schema violation of {@code data}; empty when valid. */
    public static List<FieldError> errors(EventType type, JsonNode data) {
        JsonNode instance = data == null ? NullNode.getInstance() : data;
        return validator(type).validate(instance).stream()
                .map(EventSchemas::toFieldError)
                .distinct()
                .toList();
    }

    /**
     * Validates {@code data} against {@code type}'s schema and converts it to the payload record.
     *
     * @throws InvalidEventException naming every offending field
     */
    @SuppressWarnings("unchecked")
    public static <T extends EventPayload> T read(EventType type, JsonNode data) {
        List<FieldError> errors = errors(type, data);
        if (!errors.isEmpty()) {
            throw new InvalidEventException(type, errors);
        }
        try {
            return (T) EventJson.mapper().treeToValue(data, type.payloadClass());
        } catch (JsonMappingException e) {
            // Valid by schema but not by Java, e.g. an unknown time zone.
            throw new InvalidEventException(type, List.of(new FieldError(path(e), e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type, List.of(new FieldError("$", e.getOriginalMessage())));
        }
    }

    private static JsonSchema validator(EventType type) {
        return VALIDATORS.computeIfAbsent(type, t -> FACTORY.getSchema(schema(t), VALIDATOR_CONFIG));
    }

    private static JsonNode generate(EventType type) {
        ObjectNode generated = GENERATOR.generateSchema(type.payloadClass());
        // Reads top-down: what it is (the CloudEvents type), its properties, then shared definitions.
        ObjectNode schema = EventJson.mapper().createObjectNode();
        schema.set("$schema", generated.remove("$schema"));
        schema.put("title", type.type());
        schema.set("description", generated.remove("description"));
        JsonNode definitions = generated.remove("$defs");
        schema.setAll(generated);
        if (definitions != null) {
            schema.set("$defs", definitions);
        }
        // Re-read as text so numbers have the node types a reader of the schema file gets (1, not 1.0 as BigDecimal).
        try {
            return EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(schema));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot normalize the schema of " + type.type(), e);
        }
    }

    private static SchemaGeneratorConfigBuilder generatorConfig() {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(
                EventJson.mapper(), SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                // Optional fields may be sent as null by non-Java clients; we leave them out.
                .with(Option.NULLABLE_FIELDS_BY_DEFAULT)
                .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(new JakartaValidationModule(
                        JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS));
        builder.forTypesInGeneral()
                .withCustomDefinitionProvider(EventSchemas::javaTimeDefinition)
                .withTypeAttributeOverride(EventSchemas::enumKeyedMapPropertyNames)
                .withPropertySorter(EventSchemas::inRecordOrder);
        builder.forFields()
                // A primitive is always written, so it is always required and never null.
                .withRequiredCheck(field -> field.getType().isPrimitive())
                .withNullableCheck(field -> field.getType().isPrimitive() ? Boolean.FALSE : null)
                .withStringPatternResolver(EventSchemas::notBlankPattern);
        return builder;
    }

    /** java.time values as the ISO-8601 strings {@link EventJson} writes. */
    private static CustomDefinition javaTimeDefinition(ResolvedType javaType, SchemaGenerationContext context) {
        ObjectNode node = context.getGeneratorConfig().createObjectNode().put("type", "string");
        if (javaType.isInstanceOf(Instant.class)) {
            node.put("format", "date-time");
        } else if (javaType.isInstanceOf(Duration.class)) {
            node.put("format", "duration");
        } else if (javaType.isInstanceOf(LocalDate.class)) {
            node.put("format", "date");
        } else if (javaType.isInstanceOf(LocalTime.class)) {
            // Calendars write working hours as "HH:mm" (see calendar.WorkingHours).
            node.put("pattern", LOCAL_TIME_PATTERN);
        } else if (!javaType.isInstanceOf(ZoneId.class)) {
            return null;
        }
        return new CustomDefinition(
                node, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.YES);
    }

    /** Bean Validation's {@code @NotBlank} in schema terms; {@code minLength} alone would accept "  ". */
    private static String notBlankPattern(FieldScope field) {
        return field.getAnnotationConsideringFieldAndGetter(NotBlank.class) == null ? null : NOT_BLANK_PATTERN;
    }

    /** A map keyed by an enum accepts only the enum's JSON values as property names. */
    private static void enumKeyedMapPropertyNames(
            ObjectNode attributes, TypeScope scope, SchemaGenerationContext context) {
        ResolvedType type = scope.getType();
        if (!type.isInstanceOf(Map.class)) {
            return;
        }
        Class<?> keyType = type.typeParametersFor(Map.class).get(0).getErasedType();
        if (!keyType.isEnum()) {
            return;
        }
        ArrayNode names = attributes.putObject("propertyNames").putArray("enum");
        for (Object constant : keyType.getEnumConstants()) {
            names.add(EventJson.mapper().convertValue(constant, String.class));
        }
    }

    /** Properties in record component order, as Jackson writes them, rather than alphabetically. */
    private static int inRecordOrder(MemberScope<?, ?> first, MemberScope<?, ?> second) {
        return Integer.compare(componentIndex(first), componentIndex(second));
    }

    private static int componentIndex(MemberScope<?, ?> member) {
        RecordComponent[] components = member.getDeclaringType().getErasedType().getRecordComponents();
        if (components == null) {
            return Integer.MAX_VALUE;
        }
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        int index = names.indexOf(member.getDeclaredName());
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static FieldError toFieldError(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        if ("required".equals(message.getType())) {
            return new FieldError(field(location, message.getProperty()), "is required");
        }
        if ("pattern".equals(message.getType()) && NOT_BLANK_PATTERN.equals(message.getSchemaNode().asText())) {
            return new FieldError(field(location, null), "must not be blank");
        }
        return new FieldError(field(location, null), message.getError());
    }

    /** {@code $.compensation} plus {@code amount} is {@code compensation.amount}; the root is {@code $}. */
    private static String field(String location, String property) {
        String path = property == null ? location : location + "." + property;
        return path.startsWith("$.") ? path.substring(2) : path;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }
}
