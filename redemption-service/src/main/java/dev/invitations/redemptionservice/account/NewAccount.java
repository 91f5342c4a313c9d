package dev.invitations.redemptionservice.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An account to create")
public record NewAccount(
        @Schema(description = "Display name; leading and trailing spaces are dropped", examples = "Contoso Ltd")
        @NotBlank @Size(max = 200) String name) {
}
