package io.kept.analytics.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * The BI role's password reaches the migration that creates the role inside an SQL string literal
 * ({@code PASSWORD '${kept_bi_password}'}). Flyway pastes placeholders as they are, so a quote in the
 * password would end the literal (or run what follows it); this doubles every quote, SQL's own escape,
 * as the value is read. Registered through ServiceLoader.
 */
@Priority(Priorities.APPLICATION)
public class SqlLiteralPlaceholders implements ConfigSourceInterceptor {

    static final String BI_PASSWORD = "quarkus.flyway.placeholders.kept_bi_password";

    private static final long serialVersionUID = 1L;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null || value.getValue() == null || !BI_PASSWORD.equals(name)) {
            return value;
        }
        return value.withValue(value.getValue().replace("'", "''"));
    }
}
