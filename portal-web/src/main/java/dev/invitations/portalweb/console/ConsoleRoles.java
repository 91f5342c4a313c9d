package dev.invitations.portalweb.console;

/** The realm roles the console's pages are for; each page names its role with {@code @RolesAllowed}. */
public final class ConsoleRoles {

    /** Contacts, invitations and sending (the seed's Portal Management operator). */
    public static final String INVITATIONS_OPERATOR = "invitations-operator";
    /** The Send Invitation email template. */
    public static final String TEMPLATES_EDITOR = "templates-editor";
    /** Accounts and web roles: what redeeming an invitation can grant. */
    public static final String ACCOUNTS_ADMIN = "accounts-admin";
    /** The workflow definitions that redemptions run, and their runs. */
    public static final String WORKFLOWS_EDITOR = "workflows-editor";

    private ConsoleRoles() {
    }
}
