package dev.invitations.redemptionservice.webrole;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A portal web role that redemptions can grant")
public record WebRoleView(UUID id, String name, String description, Instant createdAt) {

    static WebRoleView of(WebRole role) {
        return new WebRoleView(role.id, role.name, role.description, role.createdAt);
    }
}
