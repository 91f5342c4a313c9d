package dev.invitations.redemptionservice.redemption;

import dev.invitations.redemptionservice.ReadSnapshot;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class RedemptionActivityService {

    /** Both filters optional; activities of one invitation, of one contact, of both, or all. */
    @WithTransaction
    public Uni<ActivityPage> find(UUID invitationId, UUID contactId, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (invitationId != null) {
            conditions.add("invitationId = :invitationId");
            parameters.and("invitationId", invitationId);
        }
        if (contactId != null) {
            conditions.add("contactId = :contactId");
            parameters.and("contactId", contactId);
        }
        Sort chronological = Sort.by("redeemedAt").and("id");
        PanacheQuery<RedemptionActivity> query = conditions.isEmpty()
                ? RedemptionActivity.findAll(chronological)
                : RedemptionActivity.find(String.join(" and ", conditions), chronological, parameters);
        return ReadSnapshot.begin()
                .flatMap(snapshot -> query.page(Page.of(page, size)).list())
                .flatMap(activities -> withWebRoles(activities)
                        .flatMap(items -> query.count().map(total -> new ActivityPage(total, page, size, items))));
    }

    /** One query for the roles of the whole page, not one per activity. */
    private static Uni<List<ActivityView>> withWebRoles(List<RedemptionActivity> activities) {
        if (activities.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = activities.stream().map(activity -> activity.id).toList();
        return ActivityWebRole.<ActivityWebRole>list("activityId in ?1", Sort.by("activityId").and("position"), ids)
                .map(roles -> {
                    Map<UUID, List<ActivityWebRole>> byActivity = roles.stream()
                            .collect(Collectors.groupingBy(role -> role.activityId));
                    return activities.stream()
                            .map(activity -> ActivityView.of(activity, byActivity.getOrDefault(activity.id, List.of())))
                            .toList();
                });
    }
}
