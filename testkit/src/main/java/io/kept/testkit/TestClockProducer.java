package io.kept.testkit;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.arc.properties.StringValueMatch;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Replaces the system clock in a service's tests with a {@link MutableClock} starting at
 * {@value #START}, so deadlines and targets pass when a test says so. A module switches it on by
 * setting that key in its test resources; the bean exists only where the key is set (at build time), so
 * eventstore's own tests, which set none, keep the real clock of {@code ClockProducer}.
 */
public class TestClockProducer {

    /** The instant the tests' "now" starts at; each service picks one that suits its fixtures. */
    public static final String START = "kept.test.clock.start";

    @Produces
    @Singleton
    @IfBuildProperty(name = START, stringValue = ".+", match = StringValueMatch.REGEX)
    MutableClock clock(@ConfigProperty(name = START) String start) {
        return new MutableClock(Instant.parse(start));
    }
}
