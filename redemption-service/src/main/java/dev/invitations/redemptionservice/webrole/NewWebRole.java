package dev.invitations.redemptionservice.webrole;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A web role to create")
public record NewWebRole(
        @Schema(description = "Unique ignoring case; leading and trailing spaces are dropped", examples = "Partner")
        @NotBlank @Size(max = 100) String name,
        @Schema(description = "Optional explanation for operators")
        @Size(max = 2000) String description) {
}
