package io.kept.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON form of event payloads, the same for every producer and consumer. */
public final class EventJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private EventJson() {
    }

    /** The shared, configured mapper. Do not reconfigure it; use {@link ObjectMapper#copy()} for variants. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Applies the event JSON settings to {@code mapper} and returns it; Quarkus services call this from an
     * {@code ObjectMapperCustomizer} so REST and Kafka write payloads exactly as the event store does.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                // Instants and durations as ISO-8601 strings ("2025-03-01T09:00:00Z", "PT4H"), not numbers.
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                // Optional fields are left out rather than written as null.
                .setDefaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
                // Tolerant reader: an older consumer ignores optional fields added later.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Money keeps its exact value and scale ("25.00") through trees and text.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    }
}
