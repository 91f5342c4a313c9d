package dev.invitations.portalweb.backend;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Sends the signed-in person's own access token (from the session the OIDC sign-in made) to the service: the services
 * decide by that person's roles and, for a redemption, take the redeemer from it. Never this application's service
 * token: a client registered with this factory has no {@code @OidcClientFilter}.
 */
@ApplicationScoped
public class SignedInPersonsToken implements ClientHeadersFactory {

    private final SecurityIdentity identity;

    SignedInPersonsToken(SecurityIdentity identity) {
        this.identity = identity;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null) {
            // Every caller is behind @RolesAllowed, so a session without a token is a configuration error, not a user's.
            throw new IllegalStateException("A call on behalf of a signed-in person without their access token");
        }
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>(outgoing);
        headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + credential.getToken());
        return headers;
    }
}
