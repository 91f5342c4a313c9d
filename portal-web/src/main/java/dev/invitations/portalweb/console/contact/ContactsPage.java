package dev.invitations.portalweb.console.contact;

import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.Contact;
import dev.invitations.portalweb.backend.ContactsClient;
import dev.invitations.portalweb.backend.ListPage;
import dev.invitations.portalweb.console.ConsoleFrame;
import dev.invitations.portalweb.console.ConsolePages;
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
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The seed's Contacts: find a contact by any of its addresses, create one, edit one, and from a contact start an
 * invitation for it. Every call goes to invitation-service with the operator's own token.
 */
@Path(ContactsPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(ConsoleRoles.INVITATIONS_OPERATOR)
public class ContactsPage {

    public static final String PATH = "/console/contacts";
    static final int PAGE_SIZE = 20;
    /** invitation-service's limit for an address filter. */
    private static final int MAX_EMAIL_LENGTH = 254;
    /** invitation-service's longest name filter. */
    private static final int MAX_NAME_LENGTH = 200;
    /** invitation-service pages no deeper than offset 10,000. */
    private static final int MAX_PAGE = 10_000 / PAGE_SIZE - 1;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ConsoleFrame frame, String search, String error, ListPage<Contact> contacts);

        static native TemplateInstance form(ConsoleFrame frame, Contact contact, ContactForm form, FieldErrors errors, boolean saved);
    }

    private final ContactsClient contacts;
    private final ConsolePages pages;

    ContactsPage(@RestClient ContactsClient contacts, ConsolePages pages) {
        this.contacts = contacts;
        this.pages = pages;
    }

    /**
     * Every contact, oldest first, or those the search box names: text with an {@code @} is an address (any of the
     * three), other text a part of the name.
     */
    @GET
    public Response list(@QueryParam("q") String search, @QueryParam("page") @DefaultValue("0") int page) {
        String wanted = search == null ? "" : search.strip();
        boolean address = wanted.contains("@");
        int maxLength = address ? MAX_EMAIL_LENGTH : MAX_NAME_LENGTH;
        if (wanted.length() > maxLength || page < 0 || page > MAX_PAGE) {
            String error = wanted.length() > maxLength ? pages.messages().contacts_search_too_long(maxLength)
                    : pages.messages().console_page_out_of_range();
            return pages.page(400, Templates.list(frame(), wanted.length() > maxLength ? "" : wanted, error,
                    new ListPage<>(null, 0, PAGE_SIZE, 0)));
        }
        ListPage<Contact> found = wanted.isEmpty() ? contacts.search(null, null, page, PAGE_SIZE)
                : address ? contacts.search(null, wanted, page, PAGE_SIZE) : contacts.search(wanted, null, page, PAGE_SIZE);
        return pages.page(Templates.list(frame(), wanted, null, found));
    }

    @GET
    @Path("/new")
    public Response newContact() {
        return pages.page(Templates.form(frame(), null, ContactForm.EMPTY, FieldErrors.none(), false));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@BeanParam ContactFormParams typed) {
        ContactForm form = typed.form();
        try {
            Contact created = contacts.create(form.draft());
            return Response.seeOther(URI.create(PATH + "/" + created.id() + "?saved=true")).build();
        } catch (BackendRefusal refusal) {
            return refused(refusal, null, form);
        }
    }

    @GET
    @Path("/{id}")
    public Response show(@PathParam("id") UUID id, @QueryParam("saved") boolean saved) {
        Contact contact = contacts.get(id);
        return pages.page(Templates.form(frame(), contact, ContactForm.of(contact), FieldErrors.none(), saved));
    }

    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") UUID id, @BeanParam ContactFormParams typed) {
        ContactForm form = typed.form();
        try {
            contacts.update(id, form.draft());
            return Response.seeOther(URI.create(PATH + "/" + id + "?saved=true")).build();
        } catch (BackendRefusal refusal) {
            return refused(refusal, id, form);
        }
    }

    /** A 400 names its fields; a 409 is the primary address another contact has. Both keep what was typed. */
    private Response refused(BackendRefusal refusal, UUID id, ContactForm form) {
        FieldErrors errors = switch (refusal.status()) {
            case 400 -> FieldErrors.of(refusal);
            case 409 -> FieldErrors.none().add("emailAddress1", pages.messages().contacts_primary_address_taken());
            default -> throw refusal;
        };
        Contact contact = id == null ? null : contacts.get(id);
        return pages.page(refusal.status(), Templates.form(frame(), contact, form, errors, false));
    }

    private ConsoleFrame frame() {
        return pages.frame("contacts");
    }

    /** The form's fields, as posted. */
    public static class ContactFormParams {
        @FormParam("fullName")
        String fullName;
        @FormParam("emailAddress1")
        String emailAddress1;
        @FormParam("emailAddress2")
        String emailAddress2;
        @FormParam("emailAddress3")
        String emailAddress3;
        @FormParam("locale")
        String locale;

        ContactForm form() {
            return new ContactForm(fullName, emailAddress1, emailAddress2, emailAddress3, locale);
        }
    }
}
