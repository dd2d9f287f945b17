package io.kept.promise.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
            @DecimalMin("0") @DecimalMax("1") Double atRiskAt) {
    }

    @Schema(description = "A guarantee as it stands now.")
    public record GuaranteeView(String guaranteeId, int version, String name, String customerProblem, String promise,
            @Schema(implementation = String.class, examples = "PT16H") Duration target, String calendar,
            double objective, double atRiskAt, boolean retired) {
    }
}
