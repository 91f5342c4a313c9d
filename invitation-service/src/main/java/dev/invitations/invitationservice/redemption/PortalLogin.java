package dev.invitations.invitationservice.redemption;

import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person redeeming, as the identity provider vouches for them in the access token: issuer and subject identify
 * the login; the email address counts only if the provider says it verified it.
 */
public record PortalLogin(String issuer, String subject, String email, boolean emailVerified, String displayName) {

    static PortalLogin of(JsonWebToken token) {
        String name = text(token, "name");
        return new PortalLogin(token.getIssuer(), token.getSubject(), text(token, "email"),
                Boolean.parseBoolean(text(token, "email_verified")), name != null ? name : text(token, "preferred_username"));
    }

    /** A claim as text: the token's parser hands out plain Java values or JSON values depending on the claim. */
    private static String text(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value == null ? null : value.toString();
    }

    /** The verified address, if any: the only one a login may be matched to a contact by. */
    String verifiedEmail() {
        return emailVerified && email != null && !email.isBlank() ? email : null;
    }

    /** A new contact's name: the provider's display name, or the address's local part when it has none. */
    String fullNameForNewContact() {
        if (displayName != null && !displayName.isBlank()) {
            return displayName.strip();
        }
        return email.substring(0, Math.max(1, email.indexOf('@')));
    }
}
