package io.kept.eventstore;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every watcher is configured the same way, {@code kept.watchers.<name>.{enabled,interval,grace,batch-size}}
 * ({@code deadline}, {@code recovery-clocks}, {@code followup-overdue}). The keys of the release before
 * ({@code kept.watcher.*}, {@code kept.clocks.*}, {@code kept.followup.watcher-*} and {@code kept.followup.grace}, and
 * their environment variables such as {@code KEPT_WATCHER_INTERVAL}) still work for this release: a new key that is
 * not set, or set in a source of lower ordinal than the old one, takes the old key's value, and the old key is
 * named in a warning once.
 */
@Priority(RenamedWatcherKeys.PRIORITY)
public class RenamedWatcherKeys implements ConfigSourceInterceptor {

    /** Before SmallRye's own relocations and fallbacks, so the renamed key is what they see. */
    static final int PRIORITY = 3000;

    /** Each new key and the old key it replaces. */
    public static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("kept.watchers.deadline.enabled", "kept.watcher.enabled"),
            Map.entry("kept.watchers.deadline.interval", "kept.watcher.interval"),
            Map.entry("kept.watchers.deadline.grace", "kept.watcher.grace"),
            Map.entry("kept.watchers.deadline.batch-size", "kept.watcher.batch-size"),
            Map.entry("kept.watchers.deadline.breach-category", "kept.watcher.breach-category"),
            Map.entry("kept.watchers.deadline.breach-severity", "kept.watcher.breach-severity"),
            Map.entry("kept.watchers.recovery-clocks.enabled", "kept.clocks.enabled"),
            Map.entry("kept.watchers.recovery-clocks.interval", "kept.clocks.interval"),
            Map.entry("kept.watchers.followup-overdue.enabled", "kept.followup.watcher-enabled"),
            Map.entry("kept.watchers.followup-overdue.interval", "kept.followup.watcher-interval"),
            Map.entry("kept.watchers.followup-overdue.grace", "kept.followup.grace"));

    private static final Logger LOG = Logger.getLogger(RenamedWatcherKeys.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String old = RENAMED.get(name);
        if (old == null) {
            return value;
        }
        ConfigValue before = context.proceed(old);
        if (before == null || before.getValue() == null
                || value != null && value.getValue() != null
                        && value.getConfigSourceOrdinal() >= before.getConfigSourceOrdinal()) {
            return value;
        }
        if (WARNED.add(old)) {
            LOG.warnf("%s (from %s) is the old name of %s; it still works in this release, rename it (environment: %s)",
                    old, before.getConfigSourceName(), name, environmentName(name));
        }
        return before.withName(name);
    }

    /** The environment variable of a key: kept.watchers.deadline.interval is KEPT_WATCHERS_DEADLINE_INTERVAL. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }
}
