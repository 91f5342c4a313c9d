package dev.invitations.invitationservice.owner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What this service reads of a record another service owns (an account, a web role, a workflow): only that it exists
 * and, for a workflow, whether it may run. Other fields are ignored, so the owner can add fields freely.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OwnedRecord(String id, String name, Boolean active) {
}
