package dev.invitations.invitationservice;

import dev.invitations.commons.problem.ProblemException;

/** The limit on how deep a list may be paged: PostgreSQL reads and skips every row before the offset. */
public final class Paging {

    /** Refuses (400 naming {@code page}) a page whose offset, {@code page × size}, is past {@code maxOffset}. */
    public static void requireWithinMaxOffset(int page, int size, int maxOffset) {
        long offset = (long) page * size;
        if (offset > maxOffset) {
            throw ProblemException.badRequest("page", "page " + page + " of size " + size + " starts at row " + offset
                    + ", past the deepest this list is paged (" + maxOffset + "); narrow the filter instead");
        }
    }

    private Paging() {
    }
}
