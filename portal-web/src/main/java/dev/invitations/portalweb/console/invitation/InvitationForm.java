package dev.invitations.portalweb.console.invitation;

import dev.invitations.portalweb.PageMessages;
import dev.invitations.portalweb.backend.Contact;
import dev.invitations.portalweb.backend.ContactsClient;
import dev.invitations.portalweb.backend.InvitationDraft;
import dev.invitations.portalweb.backend.ListPage;
import dev.invitations.portalweb.console.FieldErrors;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The invitation form as typed: every field a string, so that a refused form comes back exactly as it was sent.
 * Contacts are named by email address (an operator knows addresses, not ids) and found by invitation-service's address
 * search; everything else is checked by invitation-service, whose messages come back next to their fields.
 */
public record InvitationForm(String name, String type, String ownerName, String ownerEmail, String expiresOn, String inviterEmail,
                             String invitedEmails, String accountId, List<String> webRoleIds, String workflowId,
                             String maxRedemptions, String templateKey, String reminderAfterDays, String maxReminders,
                             String allowedEmailDomains) {

    /** How many invited addresses the form takes: each is one address search at invitation-service. */
    static final int MAX_INVITED = 100;

    /** invitation-service's field names where the form's differ: the form takes addresses, the service contact ids. */
    static final Map<String, String> FORM_FIELDS = Map.of(
            "owner.name", "ownerName", "owner.email", "ownerEmail", "expiresAt", "expiresOn", "inviterContactId", "inviterEmail",
            "invitedContactIds", "invitedEmails", "assignToAccountId", "accountId", "reminders.afterDays", "reminderAfterDays",
            "reminders.maxReminders", "maxReminders");

    public InvitationForm {
        webRoleIds = webRoleIds == null ? List.of() : List.copyOf(webRoleIds);
    }

    /** A new invitation's form: a SINGLE from the operator, for the contact it was started from, if any. */
    static InvitationForm startedBy(String operatorName, String operatorEmail, Optional<Contact> invitee) {
        return new InvitationForm("", "SINGLE", operatorName, operatorEmail, "", "",
                invitee.map(Contact::emailAddress1).orElse(""), "", List.of(), "", "", "", "", "", "");
    }

    public boolean group() {
        return "GROUP".equals(type);
    }

    public boolean hasWebRole(String id) {
        return webRoleIds.contains(id);
    }

    /** The invited addresses, one a line (commas and semicolons also separate). */
    List<String> invitedAddresses() {
        return entries(invitedEmails);
    }

    /** The allowed email domains, one a line as the invited addresses; invitation-service checks each one's syntax. */
    List<String> allowedDomains() {
        return entries(allowedEmailDomains);
    }

    private static List<String> entries(String typed) {
        return typed == null ? List.of()
                : Arrays.stream(typed.split("[\\s,;]+")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    /** What invitation-service is sent, or the fields the console could not read (then nothing is sent). */
    Result draft(ContactsClient contacts, PageMessages messages) {
        FieldErrors errors = FieldErrors.none();
        List<String> invited = invitedAddresses();
        if (invited.size() > MAX_INVITED) {
            errors.add("invitedEmails", messages.invitation_too_many_invited(MAX_INVITED));
        }
        List<UUID> invitedIds = new ArrayList<>();
        if (!errors.has("invitedEmails")) {
            for (String address : invited) {
                contactWith(address, contacts).ifPresentOrElse(contact -> invitedIds.add(contact.id()),
                        () -> errors.add("invitedEmails", messages.invitation_no_contact_with(address)));
            }
        }
        UUID inviterId = null;
        if (!blank(inviterEmail)) {
            Optional<Contact> inviter = contactWith(inviterEmail.strip(), contacts);
            if (inviter.isEmpty()) {
                errors.add("inviterEmail", messages.invitation_no_contact_with(inviterEmail.strip()));
            } else {
                inviterId = inviter.get().id();
            }
        }
        Instant expiresAt = null;
        if (!blank(expiresOn)) {
            try {
                expiresAt = endOfDay(expiresOn);
            } catch (DateTimeParseException notADate) {
                errors.add("expiresOn", messages.invitation_not_a_date());
            }
        }
        Integer maximum = wholeNumber("maxRedemptions", maxRedemptions, errors, messages);
        Integer remindAfter = wholeNumber("reminderAfterDays", reminderAfterDays, errors, messages);
        Integer reminderLimit = wholeNumber("maxReminders", maxReminders, errors, messages);
        // Only a hand-made request sends something that is not one of the pickers' ids.
        UUID account = null;
        if (!blank(accountId)) {
            account = uuid(accountId).orElse(null);
            if (account == null) {
                errors.add("accountId", messages.invitation_not_a_choice());
            }
        }
        List<UUID> roles = new ArrayList<>();
        for (String role : webRoleIds) {
            uuid(role).ifPresentOrElse(roles::add, () -> errors.add("webRoleIds", messages.invitation_not_a_choice()));
        }
        if (errors.any()) {
            return new Result(null, errors);
        }
        // One of the two alone goes as typed: invitation-service says which is missing, next to its field.
        InvitationDraft.Reminders reminders = remindAfter == null && reminderLimit == null ? null
                : new InvitationDraft.Reminders(remindAfter, reminderLimit);
        List<String> domains = allowedDomains();
        return new Result(new InvitationDraft(strip(name), blank(type) ? null : type.strip(),
                new InvitationDraft.Owner(strip(ownerName), strip(ownerEmail)), expiresAt, inviterId, invitedIds, account,
                roles.isEmpty() ? null : roles, blank(workflowId) ? null : workflowId.strip(), maximum,
                blank(templateKey) ? null : templateKey.strip(), reminders, domains.isEmpty() ? null : domains), errors);
    }

    /** The contact with this address as any of its three; invitation-service matches case-insensitively, one at most for a primary. */
    private static Optional<Contact> contactWith(String address, ContactsClient contacts) {
        if (address.length() > 254) {
            return Optional.empty();
        }
        ListPage<Contact> found = contacts.search(null, address, 0, 2);
        return found.items().stream().filter(contact -> address.equalsIgnoreCase(contact.emailAddress1())).findFirst()
                .or(() -> found.items().stream().findFirst());
    }

    /** Null when left empty; a field error when it is not a whole number. */
    private static Integer wholeNumber(String field, String typed, FieldErrors errors, PageMessages messages) {
        if (blank(typed)) {
            return null;
        }
        try {
            return Integer.valueOf(typed.strip());
        } catch (NumberFormatException notANumber) {
            errors.add(field, messages.invitation_not_a_number());
            return null;
        }
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value.strip()));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** Either a draft to send, or errors and no draft. */
    record Result(InvitationDraft draft, FieldErrors errors) {
    }

    /** The invitation stays redeemable through the whole of the chosen day, in UTC as the pages say. */
    static Instant endOfDay(String isoDate) {
        return LocalDate.parse(isoDate.strip()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The day {@link #endOfDay} made {@code expiresAt} from, for a form that shows it again. */
    static String dayOf(Instant expiresAt) {
        return expiresAt == null ? null : LocalDate.ofInstant(expiresAt.minusNanos(1), ZoneOffset.UTC).toString();
    }
}
