package io.kept.promise.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the guarantee endpoints. */
public final class GuaranteeRequests {

    private GuaranteeRequests() {
    }

    @Schema(description = "A standing promise to customers.")
    public record DefineGuarantee(
            @Schema(examples = "Two-day delivery") @NotBlank @Size(max = 200) String name,
            @Schema(description = "The customer's problem the guarantee solves.", examples = "I need it before the weekend")
            @NotBlank @Size(max = 2000) String customerProblem,
            @Schema(description = "The promise as the customer hears it.", examples = "Delivered within 2 business days")
            @NotBlank @Size(max = 2000) String promise,
            @Schema(description = "Time to keep a promise, ISO-8601, counted in the calendar's working time.",
                    implementation = String.class, examples = "PT16H")
            @NotNull Duration target,
            @Schema(description = "`24x7` or the id of a business calendar.", examples = "office-hours")
            @NotBlank @Size(max = 200) String calendar,
            @Schema(description = "Share of promises that must be kept, 0..1.", examples = "0.95")
            @NotNull @DecimalMin("0") @DecimalMax("1") Double objective,
            @Schema(description = "Fraction of the window after which an open promise is at risk, 0..1.", defaultValue = "0.8")
            @DecimalMin("0") @DecimalMax("1") Double atRiskAt,
            @Schema(description = "This guarantee's own trust budget: how often one customer may be failed (a promise "
                    + "of this guarantee broken, or kept late) in a rolling window before their trust in it is spent. "
                    + "Those failures then count against this budget alone; leave it out to share the budget configured "
                    + "for all guarantees (kept.trust.failures and kept.trust.window, by default 1 in 90 days).")
            @Valid TrustBudgetBody trustBudget) {
    }

    @Schema(description = "A trust budget: the failures one customer may see in a rolling window.")
    public record TrustBudgetBody(
            @Schema(description = "Failures allowed in the window, 0 to 1000.", examples = "2")
            @NotNull @Min(0) @Max(1000) Integer failures,
            @Schema(description = "The rolling window, ISO-8601, from a minute to five years.",
                    implementation = String.class, examples = "P30D")
            @NotNull Duration window) {
    }

    @Schema(description = "A guarantee as it stands now.")
    public record GuaranteeView(String guaranteeId, int version, String name, String customerProblem, String promise,
            @Schema(implementation = String.class, examples = "PT16H") Duration target, String calendar,
            double objective, double atRiskAt, boolean retired,
            @Schema(description = "The guarantee's own trust budget; absent when it shares the configured one.")
            TrustBudgetBody trustBudget) {
    }
}
