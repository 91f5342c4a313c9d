package dev.invitations.portalweb.console;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is signed in to the console, and which of its sections their roles open (the navigation shows only those). */
public record Operator(String name, String email, boolean operatesInvitations, boolean editsTemplates,
        boolean administersAccounts, boolean editsWorkflows) {

    public static Operator of(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        String email = null;
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            name = token.<String>claim("name").orElse(token.<String>claim("preferred_username").orElse(name));
            email = token.<String>claim("email").orElse(null);
        }
        return new Operator(name, email, identity.hasRole(ConsoleRoles.INVITATIONS_OPERATOR), identity.hasRole(ConsoleRoles.TEMPLATES_EDITOR),
                identity.hasRole(ConsoleRoles.ACCOUNTS_ADMIN), identity.hasRole(ConsoleRoles.WORKFLOWS_EDITOR));
    }
}
