package dev.invitations.portalweb.redeem;

import dev.invitations.portalweb.Languages;
import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Shapes the redirect to the identity provider's sign-in: "Create an account" asks for its registration form
 * ({@code prompt=create}, OpenID Connect's Initiating User Registration, which Keycloak supports), and the provider's
 * pages speak the page's language ({@code ui_locales}).
 */
@ApplicationScoped
@Unremovable
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
public class RegistrationPrompt implements OidcRedirectFilter {

    private final Languages languages;

    RegistrationPrompt(Languages languages) {
        this.languages = languages;
    }

    @Override
    public void filter(OidcRedirectContext context) {
        if (RedeemPage.REGISTER_PATH.equals(context.routingContext().request().path())) {
            context.additionalQueryParams().add("prompt", "create");
        }
        Cookie language = context.routingContext().request().getCookie(Languages.COOKIE);
        if (language != null) {
            languages.supported(language.getValue()).ifPresent(tag -> context.additionalQueryParams().add("ui_locales", tag));
        }
    }
}
