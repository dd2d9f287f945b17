package io.kept.promise.ingest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.kept.events.EventType;
import io.kept.eventstore.error.InvalidInputException;
import io.kept.eventstore.error.RequestJson;
import io.kept.eventstore.error.Problem;
import io.kept.eventstore.error.ProblemMapper;
import io.kept.promise.domain.PromiseCommand;
import io.kept.promise.rest.PromiseRequests.PromiseView;
import io.kept.promise.rest.PromiseViewMapper;
import io.kept.promise.service.Promises;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a CloudEvent of a promise type into the same command the REST paths run. Its data reads as the payload Kept
 * publishes for the type ({@link PromiseEventData}), so Kept's own records are taken back. The event's {@code id}
 * makes it idempotent, {@code subject} (or the data's {@code promiseId}) names the promise and {@code time} is the
 * business time unless the data says otherwise.
 */
@ApplicationScoped
public class CloudEventIngestion {

    /** The longest CloudEvents {@code id} taken: as long as any id Kept stores ({@code StreamId.MAX_ID_LENGTH}). */
    static final int MAX_ID_LENGTH = 200;

    private final Promises promises;
    private final ObjectMapper mapper;
    private final Validator validator;

    public CloudEventIngestion(Promises promises, ObjectMapper mapper, Validator validator) {
        this.promises = promises;
        this.mapper = mapper;
        this.validator = validator;
    }

    /** The answer for one event: an HTTP status and either the promise or a problem. */
    public record Result(String id, String type, int status, PromiseView promise, Problem problem) {
    }

    /** Handles one event and answers its outcome, never failing: a batch reports each event on its own. */
    public Uni<Result> ingest(CloudEvent event) {
        return Uni.createFrom().deferred(() -> handle(event))
                .map(view -> new Result(event.getId(), event.getType(), eventStatus(event), view, null))
                .onFailure().recoverWithItem(failure -> {
                    Problem problem = problemOf(failure);
                    return new Result(event.getId(), event.getType(), problem.status(), null, problem);
                });
    }

    /** 201 for a promise made, 200 for anything that happened to one. */
    static int eventStatus(CloudEvent event) {
        return EventType.PROMISE_MADE.type().equals(event.getType()) ? 201 : 200;
    }

    /** Handles one event; failures are the same exceptions the REST paths raise. */
    public Uni<PromiseView> handle(CloudEvent event) {
        EventType type = EventType.fromType(event.getType())
                .filter(t -> t.stream() == io.kept.events.StreamKind.PROMISE)
                .orElseThrow(() -> new InvalidInputException("type", "'" + event.getType()
                        + "' is not a promise event type this endpoint accepts (io.kept.promise.made, kept, broken, paused,"
                        + " resumed, cancelled)"));
        // Without a time in the data or the envelope, the command runner dates the event now.
        Instant time = event.getTime() != null ? event.getTime().toInstant() : null;
        if (time != null && !RequestJson.inWindow(time)) {
            throw new InvalidInputException("time", "must be from " + RequestJson.EARLIEST + " and before "
                    + RequestJson.LATEST + ", as every time Kept takes; got " + time);
        }
        if (event.getId().length() > MAX_ID_LENGTH) {
            throw new InvalidInputException("id", "is at most " + MAX_ID_LENGTH + " characters, got "
                    + event.getId().length());
        }
        UUID eventId = eventId(event.getId());
        switch (type) {
            case PROMISE_MADE -> {
                PromiseEventData.Made made = data(event, PromiseEventData.Made.class);
                String promiseId = made.promiseId() != null ? made.promiseId()
                        : event.getSubject() != null ? event.getSubject() : eventId.toString();
                return promises.make(new PromiseCommand.Make(promiseId, made.guaranteeId(), made.customerId(),
                                orElse(made.madeAt(), time), made.dueAt(), made.channel(), made.team(), made.agent()))
                        .map(ran -> PromiseViewMapper.view(ran, false));
            }
            case PROMISE_KEPT -> {
                PromiseEventData.Kept kept = data(event, PromiseEventData.Kept.class);
                return act(event, kept, eventId, orElse(kept.keptAt(), time), PromiseCommand.ReportKept::new);
            }
            case PROMISE_BROKEN -> {
                PromiseEventData.Broken broken = data(event, PromiseEventData.Broken.class);
                return act(event, broken, eventId, orElse(broken.brokenAt(), time), at -> new PromiseCommand.ReportBroken(at,
                        broken.category(), broken.severity(), broken.avoidable(), broken.description()));
            }
            case PROMISE_PAUSED -> {
                PromiseEventData.Paused paused = data(event, PromiseEventData.Paused.class);
                return act(event, paused, eventId, orElse(paused.pausedAt(), time),
                        at -> new PromiseCommand.Pause(at, paused.reason()));
            }
            case PROMISE_RESUMED -> {
                PromiseEventData.Resumed resumed = data(event, PromiseEventData.Resumed.class);
                return promises.resume(promiseId(event, resumed), eventId, orElse(resumed.resumedAt(), time))
                        .map(ran -> PromiseViewMapper.view(ran, false));
            }
            case PROMISE_CANCELLED -> {
                PromiseEventData.Cancelled cancelled = data(event, PromiseEventData.Cancelled.class);
                return act(event, cancelled, eventId, orElse(cancelled.cancelledAt(), time),
                        at -> new PromiseCommand.Cancel(at, cancelled.reason()));
            }
            default -> throw new InvalidInputException("type", event.getType()
                    + " is recorded by Kept itself and cannot be sent in");
        }
    }

    private Uni<PromiseView> act(CloudEvent event, PromiseEventData.OfPromise data, UUID eventId, Instant at,
            Function<Instant, PromiseCommand> command) {
        return promises.act(promiseId(event, data), eventId, at, command).map(ran -> PromiseViewMapper.view(ran, false));
    }

    private static Instant orElse(Instant given, Instant time) {
        return given != null ? given : time;
    }

    /** The promise an event is about: its subject, else the promiseId of its data (as Kept publishes it); both must agree. */
    private static String promiseId(CloudEvent event, PromiseEventData.OfPromise data) {
        String subject = event.getSubject() == null || event.getSubject().isBlank() ? null : event.getSubject();
        if (subject != null && data.promiseId() != null && !subject.equals(data.promiseId())) {
            throw new InvalidInputException("data.promiseId", "names promise " + data.promiseId() + ", but subject names "
                    + subject + "; send one promise's id in both, or only in one of them");
        }
        if (subject == null && data.promiseId() == null) {
            throw new InvalidInputException("subject", "must name the promise (its promiseId), or data.promiseId must");
        }
        return subject != null ? subject : data.promiseId();
    }

    /** A CloudEvents id need not be a UUID; any other id maps to a stable UUID. */
    static UUID eventId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
        }
    }

    private <T> T data(CloudEvent event, Class<T> type) {
        byte[] bytes = event.getData() == null ? "{}".getBytes(StandardCharsets.UTF_8) : event.getData().toBytes();
        T value;
        try {
            value = mapper.readValue(bytes, type);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("");
            throw new InvalidInputException(path.isEmpty() ? "data" : "data." + path, e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("data", "is not valid JSON: " + e.getMessage());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.stream()
                    .map(v -> new Problem.FieldProblem("data." + v.getPropertyPath(), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.FieldProblem::field))
                    .toList());
        }
        return value;
    }

    static Problem problemOf(Throwable failure) {
        return ProblemMapper.problemOf(failure, "/events");
    }
}
