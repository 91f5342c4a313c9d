package dev.invitations.portalweb.console.invitation;

import dev.invitations.portalweb.backend.Account;
import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.Catalogue;
import dev.invitations.portalweb.backend.Contact;
import dev.invitations.portalweb.backend.ContactsClient;
import dev.invitations.portalweb.backend.DeliveriesClient;
import dev.invitations.portalweb.backend.Expiry;
import dev.invitations.portalweb.backend.Invitation;
import dev.invitations.portalweb.backend.InvitationSummary;
import dev.invitations.portalweb.backend.InvitationsClient;
import dev.invitations.portalweb.backend.ListPage;
import dev.invitations.portalweb.backend.RedemptionActivity;
import dev.invitations.portalweb.backend.SendProgress;
import dev.invitations.portalweb.backend.SendResult;
import dev.invitations.portalweb.backend.WebRole;
import dev.invitations.portalweb.console.ConsoleFrame;
import dev.invitations.portalweb.console.ConsolePages;
import dev.invitations.portalweb.console.ConsoleProblemPages;
import dev.invitations.portalweb.console.ConsoleRoles;
import dev.invitations.portalweb.console.FieldErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The seed's invitations: the form with every attribute, the list to select many from, "Send Invitation" with a
 * confirmation that says how many invitations and emails, the result per invitation, and one invitation's detail.
 *
 * <p>The generated code is not shown, not even once after saving: it is the invitee's secret, and the email is its
 * channel (a resend emails the same code). Shown in the console it would sit in the operator's screen, screenshots and
 * shared screens, and nothing in the seed's procedure needs the operator to read it.
 */
@Path(InvitationsPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(ConsoleRoles.INVITATIONS_OPERATOR)
public class InvitationsPage {

    public static final String PATH = "/console/invitations";
    static final int PAGE_SIZE = 50;
    /** One confirmation reads each selected invitation to count its emails: a page's worth at most. */
    static final int MAX_SELECTED = PAGE_SIZE;
    private static final int MAX_PAGE = 10_000 / PAGE_SIZE - 1;
    /** invitation-service's statuses, in the order an invitation goes through them. */
    static final List<String> STATUSES = List.of("CREATED", "SENT", "REDEEMED", "EXPIRED", "REVOKED");
    /** The Invite Redemption Activities an invitation's page lists; a GROUP invitation's further ones are counted. */
    private static final int ACTIVITIES_SHOWN = 100;
    /** The "Extend expiry" form's one field. */
    private static final String EXPIRY_FIELD = "expiresOn";
    /** redemption-service's most accounts in one answer. */
    private static final int ACCOUNT_PICKER_SIZE = 500;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ConsoleFrame frame, String status, List<String> statuses, String error,
                ListPage<InvitationSummary> invitations);

        static native TemplateInstance form(ConsoleFrame frame, InvitationForm form, FieldErrors errors, Pickers pickers);

        static native TemplateInstance detail(ConsoleFrame frame, InvitationView invitation, boolean created, String expiresOn,
                FieldErrors expiryErrors);

        static native TemplateInstance confirmRevoke(ConsoleFrame frame, Invitation invitation);

        static native TemplateInstance confirmSend(ConsoleFrame frame, List<Invitation> invitations, int recipients);

        static native TemplateInstance sent(ConsoleFrame frame, SendResult result, Map<UUID, String> names, String progressLink);

        static native TemplateInstance progress(ConsoleFrame frame, SendProgress progress, long expected, boolean done, boolean stale);
    }

    private final InvitationsClient invitations;
    private final ContactsClient contacts;
    private final Catalogue catalogue;
    private final DeliveriesClient deliveries;
    private final ConsolePages pages;
    private final ConsoleProblemPages problems;

    InvitationsPage(@RestClient InvitationsClient invitations, @RestClient ContactsClient contacts, @RestClient Catalogue catalogue,
            @RestClient DeliveriesClient deliveries, ConsolePages pages, ConsoleProblemPages problems) {
        this.invitations = invitations;
        this.contacts = contacts;
        this.catalogue = catalogue;
        this.deliveries = deliveries;
        this.pages = pages;
        this.problems = problems;
    }

    /** Newest first, optionally of one status; each row can be selected for "Send Invitation". */
    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") int page) {
        String wanted = status == null || status.isBlank() ? null : status.strip();
        if ((wanted != null && !STATUSES.contains(wanted)) || page < 0 || page > MAX_PAGE) {
            String error = wanted != null && !STATUSES.contains(wanted) ? pages.messages().invitations_unknown_status()
                    : pages.messages().console_page_out_of_range();
            return pages.page(400, Templates.list(frame(), null, STATUSES, error, new ListPage<>(null, 0, PAGE_SIZE, 0)));
        }
        return pages.page(Templates.list(frame(), wanted, STATUSES, null, invitations.list(wanted, null, page, PAGE_SIZE)));
    }

    /** The form, for the contact it was started from ("Create invitation" on a contact) if any. */
    @GET
    @Path("/new")
    public Response newInvitation(@QueryParam("contactId") UUID contactId) {
        Optional<Contact> invitee = Optional.ofNullable(contactId).map(contacts::get);
        var operator = pages.frame("invitations").operator();
        return form(200, InvitationForm.startedBy(operator.name(), operator.email(), invitee), FieldErrors.none());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@BeanParam InvitationFormParams typed) {
        InvitationForm form = typed.form();
        InvitationForm.Result result = form.draft(contacts, pages.messages());
        if (result.draft() == null) {
            return form(400, form, result.errors());
        }
        try {
            Invitation created = invitations.create(result.draft());
            return Response.seeOther(URI.create(PATH + "/" + created.id() + "?created=true")).build();
        } catch (BackendRefusal refusal) {
            if (refusal.status() != 400) {
                throw refusal;
            }
            return form(400, form, FieldErrors.of(refusal, InvitationForm.FORM_FIELDS));
        }
    }

    @GET
    @Path("/{id}")
    public Response show(@PathParam("id") UUID id, @QueryParam("created") boolean created) {
        Invitation invitation = invitations.get(id);
        return detail(200, invitation, created, InvitationForm.dayOf(invitation.expiresAt()), FieldErrors.none());
    }

    /**
     * "Extend expiry": a new last day, or none when left empty; also for an expired invitation, which can then be sent
     * again with its code. A date that cannot be read, or that invitation-service refuses (passed), is shown next to
     * the field.
     */
    @POST
    @Path("/{id}/expiry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response extend(@PathParam("id") UUID id, @FormParam("expiresOn") String expiresOn) {
        Instant expiresAt;
        try {
            expiresAt = expiresOn == null || expiresOn.isBlank() ? null : InvitationForm.endOfDay(expiresOn);
        } catch (DateTimeParseException notADate) {
            return detail(400, invitations.get(id), false, expiresOn,
                    FieldErrors.none().add(EXPIRY_FIELD, pages.messages().invitation_not_a_date()));
        }
        try {
            invitations.extend(id, new Expiry(expiresAt));
        } catch (BackendRefusal refusal) {
            if (refusal.status() != 400) {
                throw refusal;
            }
            return detail(400, invitations.get(id), false, expiresOn, FieldErrors.of(refusal, Map.of("expiresAt", EXPIRY_FIELD)));
        }
        return Response.seeOther(URI.create(PATH + "/" + id)).build();
    }

    private Response detail(int status, Invitation invitation, boolean created, String expiresOn, FieldErrors expiryErrors) {
        UUID id = invitation.id();
        String inviterName = invitation.inviterContactId() == null ? null : inviterName(invitation.inviterContactId());
        String accountName = invitation.assignToAccountId() == null ? null : catalogue.account(invitation.assignToAccountId()).name();
        List<String> roleNames = invitation.webRoleIds().isEmpty() ? List.of() : namesOf(invitation.webRoleIds(), catalogue.webRoles());
        ListPage<RedemptionActivity> activities = invitation.redemptionCount() == 0 ? new ListPage<>(List.of(), 0, ACTIVITIES_SHOWN, 0)
                : catalogue.activities(id, 0, ACTIVITIES_SHOWN);
        Map<UUID, Invitation.RedeemedContact> redeemers = invitation.redeemedContacts().stream()
                .collect(Collectors.toMap(Invitation.RedeemedContact::contactId, redeemer -> redeemer, (first, same) -> first));
        List<ActivityRow> rows = activities.items().stream()
                .map(activity -> ActivityRow.of(activity, redeemers, accountName, pages.messages())).toList();
        return pages.page(status, Templates.detail(frame(), new InvitationView(invitation, inviterName, accountName, roleNames, rows,
                activities.total()), created, expiresOn, expiryErrors));
    }

    /** An erased contact is no contact to invitation-service any more (404), while its invitations still name its id. */
    private String inviterName(UUID contactId) {
        try {
            return contacts.get(contactId).fullName();
        } catch (BackendRefusal refusal) {
            if (refusal.status() != 404) {
                throw refusal;
            }
            return pages.messages().contact_erased();
        }
    }

    /** "Revoke": what it means, to be confirmed. Nothing is revoked yet. */
    @GET
    @Path("/{id}/revoke")
    public Response confirmRevoke(@PathParam("id") UUID id) {
        return pages.page(Templates.confirmRevoke(frame(), invitations.get(id)));
    }

    /** The confirmed revocation; invitation-service makes it idempotent, so a second click changes nothing. */
    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") UUID id) {
        invitations.revoke(id);
        return Response.seeOther(URI.create(PATH + "/" + id)).build();
    }

    /** "Send Invitation": what would be sent, to be confirmed. Nothing is sent yet. */
    @POST
    @Path("/send/confirmation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirmSend(@FormParam("id") List<String> ids) {
        Optional<Response> unusable = unusableSelection(ids);
        if (unusable.isPresent()) {
            return unusable.get();
        }
        List<Invitation> selected = parse(ids).stream().map(invitations::get).toList();
        // As invitation-service counts: one email per invited contact who has not redeemed yet.
        int recipients = selected.stream().mapToInt(invitation -> (int) invitation.invitedContacts().stream()
                .filter(invited -> invitation.redeemedContacts().stream().noneMatch(redeemed -> redeemed.contactId().equals(invited.contactId())))
                .count()).sum();
        return pages.page(Templates.confirmSend(frame(), selected, recipients));
    }

    /** The confirmed send: invitation-service's bulk send, and its result per invitation. */
    @POST
    @Path("/send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response send(@FormParam("id") List<String> ids) {
        Optional<Response> unusable = unusableSelection(ids);
        if (unusable.isPresent()) {
            return unusable.get();
        }
        List<UUID> selected = parse(ids);
        // Read before sending: the emails of this send are the ones notification-service creates from now on.
        Instant started = Instant.now();
        SendResult result = invitations.send(new SendResult.Request(selected));
        Map<UUID, String> names = result.rejected().stream().map(SendResult.Rejected::id).distinct()
                .collect(Collectors.toMap(Function.identity(), id -> invitations.get(id).name()));
        List<UUID> sent = selected.stream().filter(id -> !names.containsKey(id)).toList();
        String progressLink = sent.isEmpty() ? null : new FollowedSend(sent, started, result.recipients()).link();
        return pages.page(Templates.sent(frame(), result, names, progressLink));
    }

    /**
     * How far the emails of a send got, from notification-service; the page reloads itself every few seconds until
     * every expected email is sent or failed (or the send is too old to be still running).
     */
    @GET
    @Path("/progress")
    public Response progress(@QueryParam("id") List<String> ids, @QueryParam("since") String since, @QueryParam("expected") String expected) {
        Instant now = Instant.now();
        Optional<FollowedSend> followed = FollowedSend.parse(ids, since, expected, now);
        if (followed.isEmpty()) {
            return problems.invalidAddress();
        }
        FollowedSend send = followed.get();
        SendProgress progress = deliveries.progress(send.invitationIds(), send.since());
        boolean done = progress.finished() >= send.expected();
        return pages.page(Templates.progress(frame(), progress, send.expected(), done, !done && send.stale(now)));
    }

    /** None selected, too many, or something that is no invitation id: the list again, saying so. */
    private Optional<Response> unusableSelection(List<String> ids) {
        String error = null;
        if (ids == null || ids.isEmpty()) {
            error = pages.messages().invitations_select_some();
        } else if (ids.size() > MAX_SELECTED) {
            error = pages.messages().invitations_select_at_most(MAX_SELECTED);
        } else if (ids.stream().anyMatch(id -> !isUuid(id))) {
            error = pages.messages().invitations_not_an_invitation();
        }
        if (error == null) {
            return Optional.empty();
        }
        return Optional.of(pages.page(400, Templates.list(frame(), null, STATUSES, error, invitations.list(null, null, 0, PAGE_SIZE))));
    }

    private Response form(int status, InvitationForm form, FieldErrors errors) {
        Pickers pickers = new Pickers(catalogue.accounts(null, ACCOUNT_PICKER_SIZE), catalogue.webRoles());
        return pages.page(status, Templates.form(frame(), form, errors, pickers));
    }

    private ConsoleFrame frame() {
        return pages.frame("invitations");
    }

    private static List<UUID> parse(List<String> ids) {
        Set<UUID> unique = new LinkedHashSet<>();
        ids.forEach(id -> unique.add(UUID.fromString(id.strip())));
        return new ArrayList<>(unique);
    }

    private static boolean isUuid(String id) {
        try {
            UUID.fromString(id.strip());
            return true;
        } catch (IllegalArgumentException notAnId) {
            return false;
        }
    }

    /** The names of {@code ids} among {@code named}; a record deleted since is left out. */
    private static List<String> namesOf(List<UUID> ids, List<WebRole> webRoles) {
        return webRoles.stream().filter(role -> ids.contains(role.id())).map(WebRole::name).toList();
    }

    /** The form's choices, from redemption-service. */
    public record Pickers(List<Account> accounts, List<WebRole> webRoles) {
    }

    /** The form's fields, as posted. */
    public static class InvitationFormParams {
        @FormParam("name")
        String name;
        @FormParam("type")
        String type;
        @FormParam("ownerName")
        String ownerName;
        @FormParam("ownerEmail")
        String ownerEmail;
        @FormParam("expiresOn")
        String expiresOn;
        @FormParam("inviterEmail")
        String inviterEmail;
        @FormParam("invitedEmails")
        String invitedEmails;
        @FormParam("accountId")
        String accountId;
        @FormParam("webRoleIds")
        List<String> webRoleIds;
        @FormParam("workflowId")
        String workflowId;
        @FormParam("maxRedemptions")
        String maxRedemptions;
        @FormParam("templateKey")
        String templateKey;
        @FormParam("reminderAfterDays")
        String reminderAfterDays;
        @FormParam("maxReminders")
        String maxReminders;
        @FormParam("allowedEmailDomains")
        String allowedEmailDomains;

        InvitationForm form() {
            return new InvitationForm(name, type, ownerName, ownerEmail, expiresOn, inviterEmail, invitedEmails, accountId, webRoleIds,
                    workflowId, maxRedemptions, templateKey, reminderAfterDays, maxReminders, allowedEmailDomains);
        }
    }
}
