package dev.invitations.commons.security;

import java.util.List;

/**
 * The realm roles the identity provider puts in every access token ({@code realm_access.roles}); each endpoint names
 * the ones that may call it with {@code @RolesAllowed}.
 */
public final class Roles {

    /** Contacts, invitations, sending, revoking and what they show. */
    public static final String INVITATIONS_OPERATOR = "invitations-operator";
    /** The email templates. */
    public static final String TEMPLATES_EDITOR = "templates-editor";
    /** Workflow definitions and their runs. */
    public static final String WORKFLOWS_EDITOR = "workflows-editor";
    /** Accounts and web roles. */
    public static final String ACCOUNTS_ADMIN = "accounts-admin";
    /** A person signed in to the portal: what the Invite Redemption Page does on their behalf. */
    public static final String PORTAL = "portal";
    /** Another service of this system, calling with its client-credentials token. */
    public static final String SERVICE = "service";

    public static final List<String> ALL = List.of(INVITATIONS_OPERATOR, TEMPLATES_EDITOR, WORKFLOWS_EDITOR, ACCOUNTS_ADMIN,
            PORTAL, SERVICE);

    private Roles() {
    }
}
