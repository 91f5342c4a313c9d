package dev.invitations.portalweb.redeem;

import dev.invitations.portalweb.Languages;
import dev.invitations.portalweb.PortalWebConfig;
import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.CodeBody;
import dev.invitations.portalweb.backend.ContactAccess;
import dev.invitations.portalweb.backend.ContactAccessClient;
import dev.invitations.portalweb.backend.InvitationLookupClient;
import dev.invitations.portalweb.backend.InvitationPreview;
import dev.invitations.portalweb.backend.Redeemed;
import dev.invitations.portalweb.backend.RedemptionClient;
import dev.invitations.portalweb.session.SealedCookies;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The Invite Redemption Page. Opening the email's link never redeems (mail scanners follow links): the code moves from
 * the URL into a sealed cookie at once and the browser is sent to {@value #PATH} without it, so the code is in no
 * Referer and no access log. The page then shows the invitation (looked up with this application's own token), offers
 * to sign in or register at the identity provider, and redeems only on the "Accept invitation" form's POST, with the
 * signed-in person's token. Every refusal is a page with the status that says it.
 */
@Path(RedeemPage.PATH)
@Produces(MediaType.TEXT_HTML)
public class RedeemPage {

    static final String PATH = "/portal/redeem";
    static final String SIGN_IN_PATH = PATH + "/sign-in";
    static final String REGISTER_PATH = PATH + "/register";
    static final String CODE_COOKIE = "portal_invitation";
    static final String REDEEMED_COOKIE = "portal_redeemed";
    private static final Duration REDEEMED_LIFETIME = Duration.ofMinutes(15);
    private static final Duration LANGUAGE_LIFETIME = Duration.ofDays(30);
    /** What a code typed by a person may look like; invitation-service reads it (case, dashes, I/L/O) and decides. */
    private static final Pattern TYPED_CODE = Pattern.compile("[A-Za-z0-9 \\-]{1,100}");
    private static final long UNAVAILABLE_RETRY_SECONDS = 30;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance enterCode(Page page, String error, String typed);

        static native TemplateInstance invitation(Page page, InvitationCard card);

        static native TemplateInstance refusal(Page page, Refusal.RefusalView refusal);

        static native TemplateInstance redeemed(Page page, RedeemedView result);
    }

    private final InvitationLookupClient lookups;
    private final RedemptionClient redemptions;
    private final ContactAccessClient access;
    private final SealedCookies cookies;
    private final Languages languages;
    private final PortalWebConfig config;
    private final SecurityIdentity identity;

    RedeemPage(@RestClient InvitationLookupClient lookups, @RestClient RedemptionClient redemptions,
            @RestClient ContactAccessClient access, SealedCookies cookies, Languages languages, PortalWebConfig config,
            SecurityIdentity identity) {
        this.lookups = lookups;
        this.redemptions = redemptions;
        this.access = access;
        this.cookies = cookies;
        this.languages = languages;
        this.config = config;
        this.identity = identity;
    }

    /** The email's link ({@code ?code=...&lang=...}): keeps both in cookies and redirects to the page without them. */
    @GET
    @PermitAll
    public Response show(@QueryParam("code") String code, @QueryParam("lang") String lang,
            @CookieParam(CODE_COOKIE) String sealedCode, @CookieParam(Languages.COOKIE) String langCookie,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        if (code != null || lang != null) {
            Response.ResponseBuilder redirect = Response.seeOther(URI.create(PATH));
            if (code != null && TYPED_CODE.matcher(code).matches()) {
                redirect.cookie(codeCookie(code));
            }
            languages.supported(lang).ifPresent(language -> redirect.cookie(cookie(Languages.COOKIE, language, LANGUAGE_LIFETIME)));
            return redirect.build();
        }
        String language = languages.choose(langCookie, headers.getAcceptableLanguages());
        Optional<String> stored = cookies.open(CODE_COOKIE, sealedCode, String.class);
        if (stored.isEmpty()) {
            return page(200, Templates.enterCode(page(language), null, null), language);
        }
        return showInvitation(stored.get(), language, request);
    }

    /** The code typed into the page's form. */
    @POST
    @Path("/code")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enterCode(@FormParam("code") String code, @CookieParam(Languages.COOKIE) String langCookie,
            @Context HttpHeaders headers) {
        String language = languages.choose(langCookie, headers.getAcceptableLanguages());
        String typed = code == null ? "" : code.strip();
        if (typed.isEmpty() || !TYPED_CODE.matcher(typed).matches()) {
            String error = typed.isEmpty() ? languages.messages(language).code_missing() : languages.messages(language).code_malformed();
            return page(400, Templates.enterCode(page(language), error, typed.length() > 100 ? null : typed), language);
        }
        return Response.seeOther(URI.create(PATH)).cookie(codeCookie(typed)).build();
    }

    /** "Sign in to accept": reaching it signs the person in (the OIDC code flow); then back to the page. */
    @GET
    @Path("/sign-in")
    @Authenticated
    public Response signIn() {
        return Response.seeOther(URI.create(PATH)).build();
    }

    /** "Create an account": the same, with the identity provider's registration form first ({@link RegistrationPrompt}). */
    @GET
    @Path("/register")
    @Authenticated
    public Response register() {
        return Response.seeOther(URI.create(PATH)).build();
    }

    /** "Accept invitation": the only request that redeems. CSRF-checked like every form of this application. */
    @POST
    @Path("/accept")
    @RolesAllowed("portal")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@CookieParam(CODE_COOKIE) String sealedCode, @CookieParam(Languages.COOKIE) String langCookie,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        String language = languages.choose(langCookie, headers.getAcceptableLanguages());
        Optional<String> code = cookies.open(CODE_COOKIE, sealedCode, String.class);
        if (code.isEmpty()) {
            return Response.seeOther(URI.create(PATH)).build();
        }
        Visitor visitor = Visitor.of(identity);
        InvitationPreview preview = null;
        try {
            preview = lookups.lookup(clientAddress(request), new CodeBody(code.get()));
            Redeemed redeemed = redemptions.redeem(new CodeBody(code.get()));
            Redemption redemption = new Redemption(visitor.subject(), redeemed.contactId(), preview.name(),
                    preview.accountName(), preview.webRoleNames());
            return Response.seeOther(URI.create(PATH + "/done"))
                    .cookie(cookie(REDEEMED_COOKIE, cookies.seal(REDEEMED_COOKIE, redemption, REDEEMED_LIFETIME), REDEEMED_LIFETIME),
                            expired(CODE_COOKIE))
                    .build();
        } catch (BackendRefusal refusal) {
            // The refusal names no domains; the invitation looked up just before does.
            List<String> allowedDomains = preview == null ? List.of() : preview.allowedEmailDomains();
            return refusal(Refusal.of(refusal), language, null, refusal.retryAfterSeconds().orElse(0L), allowedDomains);
        } catch (ProcessingException unreachable) {
            Log.warnf("invitation-service is unreachable: %s", unreachable.getMessage());
            return refusal(Refusal.UNAVAILABLE, language, null, 0);
        }
    }

    /** The result: what the contact has now, once redemption-service applied it; until then, a page that refreshes. */
    @GET
    @Path("/done")
    @RolesAllowed("portal")
    public Response done(@CookieParam(REDEEMED_COOKIE) String sealedRedemption, @CookieParam(Languages.COOKIE) String langCookie,
            @Context HttpHeaders headers) {
        String language = languages.choose(langCookie, headers.getAcceptableLanguages());
        Visitor visitor = Visitor.of(identity);
        Optional<Redemption> redemption = cookies.open(REDEEMED_COOKIE, sealedRedemption, Redemption.class)
                .filter(redeemed -> Objects.equals(redeemed.subject(), visitor.subject()));
        if (redemption.isEmpty()) {
            return Response.seeOther(URI.create(PATH)).build();
        }
        try {
            return page(200, Templates.redeemed(page(language), applied(redemption.get())), language);
        } catch (BackendRefusal | ProcessingException notReadable) {
            Log.warnf("Could not read the access of contact %s: %s", redemption.get().contactId(), notReadable.getMessage());
            Redemption redeemed = redemption.get();
            return page(200, Templates.redeemed(page(language),
                    new RedeemedView(redeemed.invitationName(), redeemed.accountName(), redeemed.webRoleNames(), false)), language);
        }
    }

    private RedeemedView applied(Redemption redemption) {
        ContactAccess current = access.access(redemption.contactId());
        String accountName = current.parentAccountId() == null ? null : access.account(current.parentAccountId()).name();
        List<String> roleNames = current.webRoles().stream().map(ContactAccess.Named::name).toList();
        boolean applied = (redemption.accountName() == null || redemption.accountName().equals(accountName))
                && new HashSet<>(roleNames).containsAll(redemption.webRoleNames());
        return applied ? new RedeemedView(redemption.invitationName(), accountName, roleNames, true)
                : new RedeemedView(redemption.invitationName(), redemption.accountName(), redemption.webRoleNames(), false);
    }

    private Response showInvitation(String code, String language, HttpServerRequest request) {
        InvitationPreview preview;
        try {
            preview = lookups.lookup(clientAddress(request), new CodeBody(code));
        } catch (BackendRefusal refusal) {
            if (refusal.status() == 400) {
                return page(400, Templates.enterCode(page(language), languages.messages(language).code_malformed(), null), language,
                        expired(CODE_COOKIE));
            }
            return refusal(Refusal.of(refusal), language, null, refusal.retryAfterSeconds().orElse(0L));
        } catch (ProcessingException unreachable) {
            Log.warnf("invitation-service is unreachable: %s", unreachable.getMessage());
            return refusal(Refusal.UNAVAILABLE, language, null, 0);
        }
        String expiry = preview.expiresAt() == null ? null : languages.dateTime(preview.expiresAt(), language);
        Optional<Refusal> closed = Refusal.of(preview.status());
        if (closed.isPresent()) {
            return refusal(closed.get(), language, expiry, 0);
        }
        return page(200, Templates.invitation(page(language), InvitationCard.of(preview, languages, language)), language);
    }

    private Response refusal(Refusal refusal, String language, String expiry, long retryAfter) {
        return refusal(refusal, language, expiry, retryAfter, List.of());
    }

    private Response refusal(Refusal refusal, String language, String expiry, long retryAfter, List<String> allowedDomains) {
        Visitor visitor = Visitor.of(identity);
        TemplateInstance page = Templates.refusal(page(language), refusal.view(languages.messages(language), visitor.who(), expiry,
                retryAfter, String.join(", ", allowedDomains)));
        Response.ResponseBuilder response = Response.status(refusal.status).entity(page.setLocale(language));
        if (refusal == Refusal.TOO_MANY_ATTEMPTS && retryAfter > 0) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        if (refusal == Refusal.UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, UNAVAILABLE_RETRY_SECONDS);
        }
        if (!refusal.keepsCode) {
            response.cookie(expired(CODE_COOKIE));
        }
        return response.build();
    }

    private Page page(String language) {
        return new Page(language, Visitor.of(identity));
    }

    private static Response page(int status, TemplateInstance template, String language, NewCookie... cookies) {
        return Response.status(status).entity(template.setLocale(language)).cookie(cookies).build();
    }

    private NewCookie codeCookie(String code) {
        Duration lifetime = config.session().codeLifetime();
        return cookie(CODE_COOKIE, cookies.seal(CODE_COOKIE, code, lifetime), lifetime);
    }

    private NewCookie cookie(String name, String value, Duration lifetime) {
        return new NewCookie.Builder(name).value(value).path("/portal").httpOnly(true).secure(config.session().secureCookies())
                .sameSite(NewCookie.SameSite.LAX).maxAge((int) lifetime.toSeconds()).build();
    }

    private NewCookie expired(String name) {
        return new NewCookie.Builder(name).value("").path("/portal").httpOnly(true).secure(config.session().secureCookies())
                .sameSite(NewCookie.SameSite.LAX).maxAge(0).build();
    }

    /** The visitor's address as this server sees it (behind a proxy: quarkus.http.proxy.*), for invitation-service's throttle. */
    private static String clientAddress(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
