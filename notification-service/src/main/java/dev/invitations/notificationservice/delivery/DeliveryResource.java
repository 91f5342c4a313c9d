package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.commons.problem.QueryParams;
import dev.invitations.commons.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries", description = "Every invitation email, one per recipient per send, with its status")
public class DeliveryResource {

    /** As many invitations as the console sends at once. */
    static final int MAX_FOLLOWED = 50;

    @RolesAllowed({ Roles.INVITATIONS_OPERATOR, Roles.TEMPLATES_EDITOR })
    @GET
    @WithSession
    @Operation(summary = "Find deliveries",
            description = "The emails of an invitation and/or a contact, oldest first. At least one of invitationId and contactId is required.")
    @APIResponse(responseCode = "200", description = "The matching deliveries")
    @APIResponse(responseCode = "400", description = "Neither filter given, or a filter that is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<List<DeliveryView>> find(
            @QueryParam("invitationId") @Parameter(description = "Invitation id (UUID)") String invitationId,
            @QueryParam("contactId") @Parameter(description = "Invited contact id (UUID)") String contactId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Parameter(description = "Zero-based page index") int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) @Parameter(description = "Page size, at most 1000") int size) {
        UUID invitation = QueryParams.uuid("invitationId", invitationId);
        UUID contact = QueryParams.uuid("contactId", contactId);
        if (invitation == null && contact == null) {
            throw ProblemException.badRequest("invitationId", "invitationId or contactId is required");
        }
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (invitation != null) {
            conditions.add("invitationId = :invitationId");
            parameters.and("invitationId", invitation);
        }
        if (contact != null) {
            conditions.add("contactId = :contactId");
            parameters.and("contactId", contact);
        }
        return Delivery.<Delivery>find(String.join(" and ", conditions), Sort.by("createdAt").and("id"), parameters)
                .page(Page.of(page, size))
                .list()
                .map(rows -> rows.stream().map(DeliveryView::of).toList());
    }

    @RolesAllowed({ Roles.INVITATIONS_OPERATOR, Roles.TEMPLATES_EDITOR })
    @GET
    @Path("/summary")
    @WithSession
    @Operation(summary = "Count an invitation's deliveries by status")
    @APIResponse(responseCode = "200", description = "Counts per status")
    @APIResponse(responseCode = "400", description = "invitationId missing or not a UUID", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<DeliverySummary> summary(@QueryParam("invitationId") @Parameter(description = "Invitation id (UUID)", required = true)
            String invitationId) {
        UUID invitation = QueryParams.uuid("invitationId", invitationId);
        if (invitation == null) {
            throw ProblemException.badRequest("invitationId", "is required");
        }
        return countByStatus("invitationId = :ids", Map.of("ids", invitation))
                .map(counts -> new DeliverySummary(invitation, counts.total(), counts.held(), counts.sending(), counts.sent(), counts.failed()));
    }

    @RolesAllowed({ Roles.INVITATIONS_OPERATOR, Roles.TEMPLATES_EDITOR })
    @GET
    @Path("/progress")
    @WithSession
    @Operation(summary = "Follow a send",
            description = "Counts by status of the emails of up to " + MAX_FOLLOWED + " invitations created at or after `since`: "
                    + "how far a send that started then has got, while it runs.")
    @APIResponse(responseCode = "200", description = "Counts per status")
    @APIResponse(responseCode = "400", description = "No invitationId, too many, one that is not a UUID, or since missing or not an instant",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<DeliveryCounts> progress(
            @QueryParam("invitationId") @Parameter(description = "Invitation ids (UUIDs), repeated") List<String> invitationIds,
            @QueryParam("since") @Parameter(description = "An ISO-8601 instant, e.g. 2026-11-30T06:00:00Z", required = true) String since) {
        if (invitationIds == null || invitationIds.isEmpty() || invitationIds.size() > MAX_FOLLOWED) {
            throw ProblemException.badRequest("invitationId", "give 1 to " + MAX_FOLLOWED + " invitation ids");
        }
        List<UUID> ids = invitationIds.stream().map(id -> QueryParams.uuid("invitationId", id)).distinct().toList();
        Instant from = QueryParams.instant("since", since);
        if (from == null) {
            throw ProblemException.badRequest("since", "is required");
        }
        return countByStatus("invitationId in :ids and createdAt >= :since", Map.of("ids", ids, "since", from));
    }

    private static Uni<DeliveryCounts> countByStatus(String condition, Map<String, Object> parameters) {
        return Panache.getSession()
                .flatMap(session -> {
                    var query = session.createSelectionQuery("select status, count(*) from Delivery where " + condition + " group by status",
                            Object[].class);
                    parameters.forEach(query::setParameter);
                    return query.getResultList();
                })
                .map(rows -> {
                    Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
                    rows.forEach(row -> counts.put((DeliveryStatus) row[0], (Long) row[1]));
                    return DeliveryCounts.of(counts);
                });
    }

    @RolesAllowed({ Roles.INVITATIONS_OPERATOR, Roles.TEMPLATES_EDITOR })
    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "Get a delivery")
    @APIResponse(responseCode = "200", description = "The delivery")
    @APIResponse(responseCode = "400", description = "id is not a UUID", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such delivery", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<DeliveryView> get(@PathParam("id") String id) {
        return Delivery.<Delivery>findById(QueryParams.uuid("id", id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No delivery " + id))
                .map(DeliveryView::of);
    }

}
