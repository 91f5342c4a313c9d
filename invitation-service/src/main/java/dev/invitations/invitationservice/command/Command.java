package dev.invitations.invitationservice.command;

/**
 * One record of {@code invitations.commands} as it arrived: its CloudEvents id (the idempotency key) and type, and its
 * JSON value, not yet read.
 */
public record Command(String id, String type, String body) {
}
