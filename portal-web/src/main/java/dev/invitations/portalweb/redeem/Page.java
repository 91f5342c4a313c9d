package dev.invitations.portalweb.redeem;

/** What every page's frame shows: its language and who is signed in. */
public record Page(String language, Visitor visitor) {
}
