package dev.invitations.redemptionservice.redemption;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.QueryParams;
import dev.invitations.commons.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/redemption-activities")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Redemption activities", description = "The Invite Redemption Activities: one per applied redemption")
public class RedemptionActivityResource {

    private final RedemptionActivityService activities;

    public RedemptionActivityResource(RedemptionActivityService activities) {
        this.activities = activities;
    }

    @RolesAllowed({ Roles.INVITATIONS_OPERATOR, Roles.ACCOUNTS_ADMIN })
    @GET
    @Operation(summary = "Find redemption activities",
            description = "Filtered by invitation, by contact, by both or not at all; oldest redemption first, paged.")
    @APIResponse(responseCode = "200", description = "One page of activities",
            content = @Content(schema = @Schema(implementation = ActivityPage.class)))
    @APIResponse(responseCode = "400", description = "An id is not a UUID, or page or size is out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ActivityPage> find(
            @Parameter(description = "Only the activities of this invitation", schema = @Schema(format = "uuid"))
            @QueryParam("invitationId") String invitationId,
            @Parameter(description = "Only the activities of this contact", schema = @Schema(format = "uuid"))
            @QueryParam("contactId") String contactId,
            @Parameter(description = "Zero-based page index") @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(description = "Activities per page (1-500)") @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return activities.find(QueryParams.uuid("invitationId", invitationId), QueryParams.uuid("contactId", contactId), page, size);
    }

}
