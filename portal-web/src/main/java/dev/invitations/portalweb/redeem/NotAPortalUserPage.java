package dev.invitations.portalweb.redeem;

import dev.invitations.portalweb.Languages;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A signed-in login without the {@code portal} role (a service or staff account) gets a page that says so, not a bare 403. */
@ApplicationScoped
public class NotAPortalUserPage {

    private final Languages languages;
    private final SecurityIdentity identity;

    NotAPortalUserPage(Languages languages, SecurityIdentity identity) {
        this.languages = languages;
        this.identity = identity;
    }

    public Response render(HttpHeaders headers) {
        String asked = headers.getCookies().containsKey(Languages.COOKIE) ? headers.getCookies().get(Languages.COOKIE).getValue() : null;
        String language = languages.choose(asked, headers.getAcceptableLanguages());
        Refusal.RefusalView view = Refusal.NOT_A_PORTAL_USER.view(languages.messages(language), Visitor.of(identity).who(), null, 0, null);
        return Response.status(Refusal.NOT_A_PORTAL_USER.status).type(MediaType.TEXT_HTML_TYPE)
                .entity(RedeemPage.Templates.refusal(new Page(language, Visitor.of(identity)), view).setLocale(language)).build();
    }
}
