package io.kept.eventstore.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * What every request body (REST and CloudEvents data) may hold, checked while it is read so the
 * 400 names the field: no NUL character in any text (PostgreSQL cannot store one), and every time
 * and date within {@link #EARLIEST} (inclusive) and {@link #LATEST} (exclusive). Events read from
 * Kafka use {@code EventJson} and are not checked: history stays readable.
 */
@Singleton
public class RequestJson implements ObjectMapperCustomizer {

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** A value Kept refuses although it parses; its message says why. */
    public static class RefusedValueException extends InvalidFormatException {
        RefusedValueException(JsonParser p, String message, Object value, Class<?> type) {
            super(p, message, value, type);
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /** The checks as a Jackson module, for mappers Quarkus does not customise. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("kept-request-guards");
        module.addDeserializer(String.class, new NoNulString());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
                        || type == LocalDate.class || type == LocalDateTime.class) {
                    return new InWindow(deserializer);
                }
                return deserializer;
            }
        });
        return module;
    }

    /** Whether a time is within the window; false for null. */
    public static boolean inWindow(Instant time) {
        return time != null && !time.isBefore(EARLIEST) && time.isBefore(LATEST);
    }

    /** The instant of a time or date (a date at its start, in UTC); null for anything else. */
    public static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        } else if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        } else if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        } else if (value instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        } else if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    public static String windowText() {
        return "from " + EARLIEST + " to before " + LATEST;
    }

    private static final class NoNulString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw new RefusedValueException(p, "contains a NUL character (\\u0000), which cannot be stored",
                        value, String.class);
            }
            return value;
        }
    }

    private static final class InWindow extends DelegatingDeserializer {
        InWindow(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new InWindow(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = super.deserialize(p, ctxt);
            Instant instant = toInstant(value);
            if (instant != null && !inWindow(instant)) {
                throw new RefusedValueException(p, "'" + value + "' is outside the times Kept accepts, " + windowText(),
                        value, value.getClass());
            }
            return value;
        }
    }
}
