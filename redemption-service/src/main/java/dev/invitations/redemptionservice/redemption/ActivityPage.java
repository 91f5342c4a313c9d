package dev.invitations.redemptionservice.redemption;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One page of activities, oldest redemption first")
public record ActivityPage(
        @Schema(description = "How many activities match the filters in all") long total,
        @Schema(description = "Zero-based page index") int page,
        int size,
        List<ActivityView> items) {
}
