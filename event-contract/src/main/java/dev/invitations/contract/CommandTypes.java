package dev.invitations.contract;

/**
 * Values of the {@code ce_type} header of the commands operators write to {@link Topics#COMMANDS}. A command's value
 * is the JSON body the HTTP API takes for the same operation; its {@code ce_id} is its idempotency key.
 */
public final class CommandTypes {
    public static final String CREATE_INVITATION = "dev.invitations.command.CreateInvitation";
    public static final String SEND_INVITATIONS = "dev.invitations.command.SendInvitations";
    public static final String REVOKE_INVITATION = "dev.invitations.command.RevokeInvitation";
    public static final String EXTEND_INVITATION = "dev.invitations.command.ExtendInvitation";
    public static final String CREATE_CONTACT = "dev.invitations.command.CreateContact";

    private CommandTypes() {
    }
}
