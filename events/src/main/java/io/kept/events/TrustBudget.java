package io.kept.events;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a customer may be failed (a promise broken, or kept late) in a rolling window before their trust is
 * spent: one rule, configured once ({@value #FAILURES}, {@value #WINDOW}; default once in 90 days) and read by
 * recovery-service, which escalates the recovery of a customer whose budget was already spent
 * ({@code trust-budget-spent}), and by analytics-service, whose {@code customer_trust} view shows each customer's
 * budget. With the default, a first failure spends the budget (the customer can still be won back: the recovery
 * paradox) and a second overdraws it.
 *
 * <p>A guarantee may name its own budget ({@code trustBudget} of {@code guarantee.defined} and {@code guarantee.revised}).
 * Its promises' failures are then counted against that budget alone, per customer and guarantee; every other
 * guarantee's failures share the configured one.
 *
 * @param failures the failures allowed in the window, 0 or more
 * @param window the rolling window
 */
public record TrustBudget(
        @JsonPropertyDescription("The failures (a promise broken, or kept late) allowed in the window, 0 or more.")
        @Min(0) int failures,
        @JsonPropertyDescription("The rolling window (ISO-8601 duration), longer than 0.")
        @NotNull Duration window) {

    public static final String FAILURES = "kept.trust.failures";
    public static final String WINDOW = "kept.trust.window";
    public static final int DEFAULT_FAILURES = 1;
    public static final String DEFAULT_WINDOW = "90d";

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhd])");

    public TrustBudget {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must be 0 or more, not " + failures);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be longer than 0");
        }
        if (window.getNano() != 0) {
            throw new IllegalArgumentException("window must be whole seconds, not " + window);
        }
    }

    /** From configuration text: the window as {@code 90d}, {@code 12h} or ISO-8601 ({@code P90D}). */
    public static TrustBudget of(int failures, String window) {
        if (failures < 0) {
            throw new IllegalArgumentException(FAILURES + " must be 0 or more, not " + failures);
        }
        return new TrustBudget(failures, window(WINDOW, window));
    }

    /** Whether a new failure finds the budget already spent: the customer was failed as often as it allows, or more. */
    public boolean spentBy(int priorFailures) {
        return priorFailures >= failures;
    }

    /** A window in configuration: {@code 45s}, {@code 5m}, {@code 6h}, {@code 3d}, or ISO-8601; {@code key} names it in errors. */
    public static Duration window(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + ": a window such as 5m, 6h, 3d or PT5M is needed");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + ": '" + text + "' is not a window such as 5m, 6h, 3d or PT5M");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": the window '" + text + "' must be longer than 0");
        }
        return d;
    }
}
