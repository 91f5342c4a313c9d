package dev.invitations.notificationservice.template;

import dev.invitations.contract.InvitationType;
import java.time.Instant;
import java.util.Locale;

/** Stand-in invitations for checking a template before it is saved and for filling what a preview leaves out. */
final class SampleValues {

    /** Everything a template may use is present. */
    static final EmailValues FULL = new EmailValues(
            new EmailValues.Recipient("Ada Lovelace", "ada@example.com", Locale.ENGLISH),
            new EmailValues.Invitation("Partner portal", "SAMPLE-CODE", InvitationType.SINGLE, Instant.parse("2030-01-31T12:00:00Z")),
            new EmailValues.Person("Portal Team", "portal@example.com"),
            new EmailValues.Person("Charles Babbage", "charles@example.com"));

    /** The optional parts are absent: a template that uses them unguarded would fail for such invitations. */
    static final EmailValues MINIMAL = new EmailValues(
            FULL.recipient(),
            new EmailValues.Invitation("Partner portal", "SAMPLE-CODE", InvitationType.GROUP, null),
            FULL.sender(),
            null);

    private SampleValues() {
    }
}
