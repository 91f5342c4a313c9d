package dev.invitations.invitationservice;

import java.util.List;

/** One page of a list, with the total so that a client knows how many pages there are. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
