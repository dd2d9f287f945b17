package io.kept.promise.domain;

import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.eventstore.Lifecycle;

/**
 * A guarantee as its events left it.
 *
 * @param current the latest definition (a revision is stored in the same shape), null before it exists
 */
public record GuaranteeState(GuaranteeDefined current, boolean retired) implements Lifecycle.State {

    public static final GuaranteeState NONE = new GuaranteeState(null, false);

    @Override
    public boolean exists() {
        return current != null;
    }

    public int version() {
        return current == null ? 0 : current.version();
    }
}
