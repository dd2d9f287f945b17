package io.kept.promise.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.kept.events.EventType;
import io.kept.events.Roles;
import io.kept.eventstore.UnitOfWork;
import io.kept.eventstore.error.InvalidInputException;
import io.kept.eventstore.error.Problem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/events")
@Tag(name = "CloudEvents", description = "The promise lifecycle as CloudEvents, for systems that already speak them")
public class EventsResource {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";
    public static final int MAX_BATCH = 1000;
    /** How many promises of a batch are worked on at once. */
    private static final int BATCH_CONCURRENCY = 64;

    private final CloudEventIngestion ingestion;
    private final ObjectMapper mapper;

    public EventsResource(CloudEventIngestion ingestion, ObjectMapper mapper) {
        this.ingestion = ingestion;
        this.mapper = mapper;
    }

    /** Per-event outcomes of a batch, in the order sent. */
    public record BatchResult(List<CloudEventIngestion.Result> results) {
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Consumes({STRUCTURED, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send one promise event as a CloudEvent",
            description = "Structured mode (`application/cloudevents+json`) or binary mode (`ce-*` headers with a JSON "
                    + "body). Types: io.kept.promise.made (data as POST /promises), .kept, .broken, .paused, .resumed, "
                    + ".cancelled (data as the matching POST /promises/{id}/…). `subject` is the promiseId, `id` makes the "
                    + "event idempotent, `time` is the business time unless the data gives one.")
    @RequestBody(content = @Content(mediaType = STRUCTURED, examples = @ExampleObject(name = "kept", value = """
            {"specversion":"1.0","id":"7f8e2c3a-0d41-4b59-9a6e-3f1d2b4c5a6e","type":"io.kept.promise.kept",
             "source":"/shop","subject":"order-4711","time":"2026-03-09T10:00:00Z","datacontenttype":"application/json",
             "data":{}}""")))
    @APIResponse(responseCode = "200", description = "Recorded (201 for io.kept.promise.made)")
    @APIResponse(responseCode = "400", description = "Not a valid CloudEvent, unknown type, or invalid data field")
    public Uni<Response> single(HttpHeaders headers, byte[] body) {
        CloudEvent event = read(headers, body);
        return ingestion.handle(event).map(view -> Response
                .status(CloudEventIngestion.eventStatus(event))
                .type(MediaType.APPLICATION_JSON)
                .entity(view)
                .build());
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Consumes(BATCH)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a batch of promise events",
            description = "A JSON array of structured CloudEvents (at most 1000). Each event succeeds or fails on its own; "
                    + "the events about one promise apply in the order sent, those about different promises at once. The "
                    + "answer gives each one's status and the promise or the problem, in the order sent.")
    @APIResponse(responseCode = "200", description = "Each event's outcome")
    public Uni<BatchResult> batch(byte[] body) {
        JsonNode array;
        try {
            array = mapper.readTree(body);
        } catch (IOException e) {
            throw new InvalidInputException("body", "is not valid JSON: " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
            throw new InvalidInputException("body", "a batch is a JSON array of CloudEvents");
        }
        if (array.size() > MAX_BATCH) {
            throw new InvalidInputException("body", "a batch holds at most " + MAX_BATCH + " events, got " + array.size());
        }
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        // The events of one promise apply one after the other, in the order sent; different promises' at once, each
        // on a context of its own, so that their commands can share commits (CommitGroups).
        Map<String, List<Integer>> byPromise = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            byPromise.computeIfAbsent(promiseOf(array.get(i), i), k -> new ArrayList<>()).add(i);
        }
        AtomicReferenceArray<CloudEventIngestion.Result> results = new AtomicReferenceArray<>(array.size());
        Context request = Vertx.currentContext();
        return Multi.createFrom().iterable(byPromise.values())
                .onItem().transformToUni(indices -> UnitOfWork.onOwnContext(request, () -> Multi.createFrom()
                        .iterable(indices)
                        .onItem().transformToUniAndConcatenate(index -> ingest(format, array.get(index), index)
                                .invoke(result -> results.set(index, result)))
                        .collect().last()))
                .merge(BATCH_CONCURRENCY)
                .collect().last()
                // Back on the request's own context, whichever promise finished last.
                .emitOn(command -> request.runOnContext(v -> command.run()))
                .map(last -> new BatchResult(IntStream.range(0, results.length()).mapToObj(results::get).toList()));
    }

    /** One event of a batch, never failing: an unreadable one is its own 400. */
    private Uni<CloudEventIngestion.Result> ingest(EventFormat format, JsonNode node, int index) {
        try {
            return ingestion.ingest(format.deserialize(node.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (CloudEventRWException | EventDeserializationException e) {
            Problem problem = new InvalidInputException("[" + index + "]", reason(e)).toProblem("/events");
            return Uni.createFrom().item(new CloudEventIngestion.Result(node.path("id").asText(null),
                    node.path("type").asText(null), 400, null, problem));
        }
    }

    /**
     * Which promise an event of a batch is about, as ingestion will find it: a promise.made's data.promiseId, else the
     * subject; an event that names none stands alone.
     */
    private static String promiseOf(JsonNode node, int index) {
        JsonNode promiseId = node.path("data").path("promiseId");
        if (EventType.PROMISE_MADE.type().equals(node.path("type").asText()) && promiseId.isTextual()) {
            return "promise:" + promiseId.asText();
        }
        JsonNode subject = node.path("subject");
        return subject.isTextual() && !subject.asText().isBlank() ? "promise:" + subject.asText() : "event:" + index;
    }

    private static CloudEvent read(HttpHeaders headers, byte[] body) {
        Map<String, String> flat = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                flat.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
            }
        });
        try {
            return HttpMessageFactory.createReader(flat, body).toEvent();
        } catch (CloudEventRWException | EventDeserializationException e) {
            throw new InvalidInputException(flat.containsKey("ce-specversion") || flat.getOrDefault("content-type", "")
                    .startsWith(STRUCTURED) ? "cloudevent" : "ce-specversion", reason(e));
        }
    }

    /** The SDK wraps Jackson's complaint ("Missing mandatory specversion attribute"); that is the useful part. */
    private static String reason(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? json.getOriginalMessage()
                : cause.getMessage();
    }
}
