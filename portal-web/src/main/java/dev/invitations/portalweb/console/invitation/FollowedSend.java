package dev.invitations.portalweb.console.invitation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A send whose emails the progress page counts: which invitations, when the send started and how many emails it
 * queued. It lives in the page's address (the console keeps no state between requests), so it is checked as input.
 */
public record FollowedSend(List<UUID> invitationIds, Instant since, long expected) {

    /** How long the page keeps updating itself; a send of 100,000 emails is done well within it. */
    static final Duration FOLLOWED_FOR = Duration.ofMinutes(30);
    /** invitation-service sends to at most this many recipients in one request. */
    static final long MAX_EXPECTED = 1_000_000;

    String link() {
        return InvitationsPage.PATH + "/progress?since=" + since + "&expected=" + expected
                + invitationIds.stream().map(id -> "&id=" + id).collect(Collectors.joining());
    }

    boolean stale(Instant now) {
        return since.plus(FOLLOWED_FOR).isBefore(now);
    }

    /** Empty when anything in the address is not what {@link #link()} writes. */
    static Optional<FollowedSend> parse(List<String> ids, String since, String expected, Instant now) {
        if (ids == null || ids.isEmpty() || ids.size() > InvitationsPage.MAX_SELECTED || since == null || expected == null) {
            return Optional.empty();
        }
        try {
            List<UUID> invitationIds = new ArrayList<>();
            for (String id : ids) {
                invitationIds.add(UUID.fromString(id.strip()));
            }
            Instant started = Instant.parse(since.strip());
            long emails = Long.parseLong(expected.strip());
            if (started.isAfter(now.plusSeconds(60)) || emails < 0 || emails > MAX_EXPECTED) {
                return Optional.empty();
            }
            return Optional.of(new FollowedSend(List.copyOf(invitationIds), started, emails));
        } catch (IllegalArgumentException | DateTimeParseException notWritten) {
            return Optional.empty();
        }
    }
}
