package io.kept.eventstore.error;

/** The same id or Idempotency-Key was used before for a different request. */
public class IdempotencyConflictException extends KeptException {

    public IdempotencyConflictException(String detail) {
        super(409, "idempotency-conflict", "Same id, different request", detail, null);
    }
}
