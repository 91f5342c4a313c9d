package dev.invitations.portalweb.console;

/**
 * What every console page's frame shows: its language, who is signed in and which section is current.
 *
 * @param section the navigation entry to mark current: {@code home}, {@code contacts}, {@code invitations}, {@code templates},
 *                {@code accounts}, {@code web-roles} or {@code workflows}
 */
public record ConsoleFrame(String language, Operator operator, String section) {
}
