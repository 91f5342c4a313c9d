package dev.invitations.portalweb.redeem;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who looks at the page: nobody yet, or the person the identity provider signed in (from the ID token). */
public record Visitor(boolean signedIn, String subject, String name, String email) {

    static final Visitor ANONYMOUS = new Visitor(false, null, null, null);

    static Visitor of(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return ANONYMOUS;
        }
        String name = token.<String>claim("name").orElse(token.<String>claim("preferred_username").orElse(token.getSubject()));
        return new Visitor(true, token.getSubject(), name, token.<String>claim("email").orElse(null));
    }

    /** How the refusal pages name the signed-in person: by the address that decides, else by name. */
    public String who() {
        return email != null ? email : name;
    }
}
