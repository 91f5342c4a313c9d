package dev.invitations.portalweb.console.account;

import dev.invitations.portalweb.backend.Account;
import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.Catalogue;
import dev.invitations.portalweb.console.ConsoleFrame;
import dev.invitations.portalweb.console.ConsolePages;
import dev.invitations.portalweb.console.ConsoleRoles;
import dev.invitations.portalweb.console.FieldErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The accounts an invitation can assign its redeeming contacts to: find them by name, create one. redemption-service
 * has no account page beyond what the list shows (id, name, created) and no edit or delete, so neither has the console.
 */
@Path(AccountsPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(ConsoleRoles.ACCOUNTS_ADMIN)
public class AccountsPage {

    public static final String PATH = "/console/accounts";
    /** redemption-service answers at most this many, by name; the page says when there may be more. */
    static final int LIMIT = 100;
    /** redemption-service's limit for a name filter. */
    private static final int MAX_NAME_LENGTH = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ConsoleFrame frame, String name, String error, List<Account> accounts, int limit, boolean created);

        static native TemplateInstance form(ConsoleFrame frame, String name, FieldErrors errors);
    }

    private final Catalogue accounts;
    private final ConsolePages pages;

    AccountsPage(@RestClient Catalogue accounts, ConsolePages pages) {
        this.accounts = accounts;
        this.pages = pages;
    }

    /** Every account by name, or those whose name contains {@code name} ignoring case. */
    @GET
    public Response list(@QueryParam("name") String name, @QueryParam("created") boolean created) {
        String wanted = name == null ? "" : name.strip();
        if (wanted.length() > MAX_NAME_LENGTH) {
            return pages.page(400, Templates.list(frame(), "", pages.messages().accounts_search_too_long(MAX_NAME_LENGTH), List.of(), LIMIT,
                    false));
        }
        List<Account> found = accounts.accounts(wanted.isEmpty() ? null : wanted, LIMIT);
        return pages.page(Templates.list(frame(), wanted, null, found, LIMIT, created));
    }

    @GET
    @Path("/new")
    public Response newAccount() {
        return pages.page(Templates.form(frame(), "", FieldErrors.none()));
    }

    /** Created: the list, found by the new name, says so. Refused (blank, too long): the form again with the reason. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("name") String name) {
        String typed = name == null ? "" : name;
        try {
            Account created = accounts.createAccount(new Account.Draft(typed.strip()));
            return Response.seeOther(URI.create(PATH + "?name=" + URLEncoder.encode(created.name(), StandardCharsets.UTF_8) + "&created=true"))
                    .build();
        } catch (BackendRefusal refusal) {
            if (refusal.status() != 400) {
                throw refusal;
            }
            return pages.page(400, Templates.form(frame(), typed, FieldErrors.of(refusal)));
        }
    }

    private ConsoleFrame frame() {
        return pages.frame("accounts");
    }
}
