package dev.invitations.portalweb.console.account;

import dev.invitations.portalweb.backend.WebRole;

/** The web role form's fields as typed (kept when the service refuses them, so nothing has to be typed again). */
public record WebRoleForm(String name, String description) {

    static final WebRoleForm EMPTY = new WebRoleForm("", "");

    /** What redemption-service is sent: trimmed, and a blank description absent. */
    WebRole.Draft draft() {
        return new WebRole.Draft(name == null ? "" : name.strip(), description == null || description.isBlank() ? null : description.strip());
    }
}
