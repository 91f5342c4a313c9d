package dev.invitations.redemptionservice.access;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A web role a contact holds")
public record WebRoleRef(UUID id, String name) {
}
