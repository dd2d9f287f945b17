package io.kept.promise.domain;

import io.kept.events.EventPayload;
import io.kept.events.FieldError;
import io.kept.events.calendar.CalendarDefined;
import io.kept.eventstore.Aggregate;
import io.kept.eventstore.domain.DomainException;
import java.util.List;

/** A business calendar: the latest definition wins; defining the same one again changes nothing. */
public final class CalendarAggregate implements Aggregate<CalendarDefined, CalendarDefined> {

    public static final CalendarAggregate INSTANCE = new CalendarAggregate();

    @Override
    public CalendarDefined initial() {
        return null;
    }

    @Override
    public List<EventPayload> decide(CalendarDefined current, CalendarDefined definition) {
        List<FieldError> errors = BusinessCalendar.validate(definition);
        if (!errors.isEmpty()) {
            throw DomainException.invalidInput(errors);
        }
        return definition.equals(current) ? List.of() : List.of(definition);
    }

    @Override
    public CalendarDefined apply(CalendarDefined state, EventPayload event) {
        return event instanceof CalendarDefined defined ? defined : state;
    }
}
