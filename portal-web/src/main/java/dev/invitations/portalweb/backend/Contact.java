package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** A contact as invitation-service answers it; the console shows and edits its details, not its linked logins. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Contact(UUID id, String fullName, String emailAddress1, String emailAddress2, String emailAddress3, String locale) {
}
