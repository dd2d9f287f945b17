package io.kept.analytics;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The test profile of a test family that keeps its own data out of the scripted day's numbers. The test resources
 * turn dev services off at run time; a profile is built on its own, so it says so too. The lag is measured every
 * second, so tests need not wait for it.
 */
public abstract class FamilyOfItsOwn implements QuarkusTestProfile {

    /** What this family configures besides. */
    protected Map<String, String> overrides() {
        return Map.of();
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(overrides());
        config.put("kept.analytics.lag-interval", "1s");
        config.put("quarkus.datasource.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }
}
