package io.kept.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator's configuration of the release before keeps working: the old watcher keys feed the new ones. */
class RenamedWatcherKeysTest {

    private static SmallRyeConfig config(Map<String, String> low, Map<String, String> high) {
        // As Quarkus registers it: found through the ServiceLoader.
        return new SmallRyeConfigBuilder().addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(low, "application.properties", 250),
                        new PropertiesConfigSource(high, "environment", 300))
                .build();
    }

    @Test
    void anOldKeyIsReadUnderItsNewName() {
        SmallRyeConfig config = config(Map.of(), Map.of("kept.watcher.interval", "7s", "kept.clocks.enabled", "false",
                "kept.followup.grace", "PT2H"));

        assertThat(config.getValue("kept.watchers.deadline.interval", String.class)).isEqualTo("7s");
        assertThat(config.getValue("kept.watchers.recovery-clocks.enabled", Boolean.class)).isFalse();
        assertThat(config.getValue("kept.watchers.followup-overdue.grace", String.class)).isEqualTo("PT2H");
    }

    @Test
    void theNewKeyWinsInTheSameOrAHigherSourceAndTheOldOneInAHigherSource() {
        assertThat(config(Map.of(), Map.of("kept.watchers.deadline.grace", "PT5M", "kept.watcher.grace", "PT9M"))
                .getValue("kept.watchers.deadline.grace", String.class)).isEqualTo("PT5M");
        assertThat(config(Map.of("kept.watcher.grace", "PT9M"), Map.of("kept.watchers.deadline.grace", "PT5M"))
                .getValue("kept.watchers.deadline.grace", String.class)).isEqualTo("PT5M");
        // application.properties says the new name, the environment still the old one: the environment decides, as
        // it did before the rename.
        assertThat(config(Map.of("kept.watchers.deadline.grace", "PT5M"), Map.of("kept.watcher.grace", "PT9M"))
                .getValue("kept.watchers.deadline.grace", String.class)).isEqualTo("PT9M");
    }

    @Test
    void withNeitherNothingIsInvented() {
        SmallRyeConfig config = config(Map.of(), Map.of());

        assertThat(config.getOptionalValue("kept.watchers.deadline.interval", String.class)).isEmpty();
        assertThat(config.getOptionalValue("kept.watchers.followup-overdue.batch-size", Integer.class)).isEmpty();
    }
}
