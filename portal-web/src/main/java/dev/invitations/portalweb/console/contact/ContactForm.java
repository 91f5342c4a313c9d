package dev.invitations.portalweb.console.contact;

import dev.invitations.portalweb.backend.Contact;
import dev.invitations.portalweb.backend.ContactDraft;

/** The contact form's fields as typed (kept when the service refuses them, so nothing has to be typed again). */
public record ContactForm(String fullName, String emailAddress1, String emailAddress2, String emailAddress3, String locale) {

    static final ContactForm EMPTY = new ContactForm("", "", "", "", "");

    static ContactForm of(Contact contact) {
        return new ContactForm(contact.fullName(), contact.emailAddress1(), contact.emailAddress2(), contact.emailAddress3(),
                contact.locale());
    }

    /** What invitation-service is sent: trimmed, and a blank optional field absent rather than an empty string it would refuse. */
    ContactDraft draft() {
        return new ContactDraft(trimmed(fullName), orNull(emailAddress1), orNull(emailAddress2), orNull(emailAddress3), orNull(locale));
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }

    private static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
