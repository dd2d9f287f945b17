package io.kept.events;

/**
 * One reason a payload was refused.
 *
 * @param field the JSON path of the offending value without the leading {@code $.},
 *              e.g. {@code compensation.amount} or {@code hours.monday[0].from}; {@code $} for the payload itself
 * @param message what is wrong with it, e.g. {@code is required}
 */
public record FieldError(String field, String message) {

    /** {@code field: message}, the form used in logs, problem details and DLQ reasons. */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
