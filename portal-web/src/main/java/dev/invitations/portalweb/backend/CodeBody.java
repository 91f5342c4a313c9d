package dev.invitations.portalweb.backend;

/** The body of invitation-service's lookup and redemption: the code as the person gave it (the service normalises it). */
public record CodeBody(String code) {
}
