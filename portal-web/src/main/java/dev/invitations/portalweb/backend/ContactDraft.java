package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of invitation-service's contact create and full update; a field left blank is absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactDraft(String fullName, String emailAddress1, String emailAddress2, String emailAddress3, String locale) {
}
