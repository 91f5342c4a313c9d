package dev.invitations.portalweb.console;

import dev.invitations.portalweb.Languages;
import dev.invitations.portalweb.PageMessages;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What the console's pages share: the language (the browser's Accept-Language among the portal's languages) and the
 * frame with the signed-in operator, and answering a rendered page with its status.
 */
@RequestScoped
public class ConsolePages {

    private final Languages languages;
    private final SecurityIdentity identity;
    private final HttpHeaders headers;

    ConsolePages(Languages languages, SecurityIdentity identity, HttpHeaders headers) {
        this.languages = languages;
        this.identity = identity;
        this.headers = headers;
    }

    public String language() {
        return languages.choose(null, headers.getAcceptableLanguages());
    }

    public PageMessages messages() {
        return languages.messages(language());
    }

    public ConsoleFrame frame(String section) {
        return new ConsoleFrame(language(), Operator.of(identity), section);
    }

    public Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page.setLocale(language())).build();
    }

    public Response page(TemplateInstance page) {
        return page(200, page);
    }
}
