package io.kept.analytics.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlLiteralPlaceholdersTest {

    private static String placeholderFor(String password) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("KEPT_BI_PASSWORD", password,
                        SqlLiteralPlaceholders.BI_PASSWORD, "${KEPT_BI_PASSWORD}", "other", "it's"), "test", 100))
                .addDefaultInterceptors()
                .withInterceptors(new SqlLiteralPlaceholders())
                .build();
        assertThat(config.getValue("other", String.class)).isEqualTo("it's");
        return config.getValue(SqlLiteralPlaceholders.BI_PASSWORD, String.class);
    }

    @Test
    void aQuoteInTheBiPasswordCannotEndTheMigrationsStringLiteral() {
        assertThat(placeholderFor("x'; DROP ROLE kept; --")).isEqualTo("x''; DROP ROLE kept; --");
        assertThat(placeholderFor("plain")).isEqualTo("plain");
    }
}
