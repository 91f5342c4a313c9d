package dev.invitations.redemptionservice.redemption;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.invitations.contract.InvitationType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An Invite Redemption Activity: one redemption of an invitation by a contact, and what it applied")
public record ActivityView(
        UUID id,
        UUID invitationId,
        String invitationName,
        InvitationType invitationType,
        UUID contactId,
        Instant redeemedAt,
        @Schema(description = "When this service applied the redemption") Instant appliedAt,
        @Schema(description = "The account the invitation names; absent when it names none")
        @JsonInclude(JsonInclude.Include.NON_NULL) AccountApplied account,
        @Schema(description = "The web roles the invitation names, in its order") List<WebRoleApplied> webRoles,
        @Schema(description = "True when an account or web role the invitation names no longer existed and was not applied")
        boolean partial) {

    public record AccountApplied(UUID id, AccountOutcome outcome) {
    }

    public record WebRoleApplied(
            UUID id,
            @Schema(description = "The name when the redemption was applied; absent when the role did not exist")
            @JsonInclude(JsonInclude.Include.NON_NULL) String name,
            WebRoleOutcome outcome) {
    }

    static ActivityView of(RedemptionActivity activity, List<ActivityWebRole> roles) {
        return new ActivityView(activity.id, activity.invitationId, activity.invitationName, activity.invitationType,
                activity.contactId, activity.redeemedAt, activity.appliedAt,
                activity.accountId == null ? null : new AccountApplied(activity.accountId, activity.accountOutcome),
                roles.stream().map(role -> new WebRoleApplied(role.webRoleId, role.webRoleName, role.outcome)).toList(),
                activity.partial);
    }
}
