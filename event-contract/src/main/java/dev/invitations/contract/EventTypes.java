package dev.invitations.contract;

/** Values of the {@code ce_type} header, one per event record. */
public final class EventTypes {
    public static final String INVITATION_SENT = "dev.invitations.InvitationSent";
    public static final String INVITATION_REDEEMED = "dev.invitations.InvitationRedeemed";
    public static final String INVITATION_EMAIL_DELIVERED = "dev.invitations.InvitationEmailDelivered";
    public static final String INVITATION_EMAIL_FAILED = "dev.invitations.InvitationEmailFailed";
    public static final String CONTACT_ACCESS_GRANTED = "dev.invitations.ContactAccessGranted";
    public static final String INVITATION_CREATED = "dev.invitations.InvitationCreated";
    public static final String INVITATION_REVOKED = "dev.invitations.InvitationRevoked";
    public static final String INVITATION_EXTENDED = "dev.invitations.InvitationExtended";
    public static final String INVITATION_EXPIRED = "dev.invitations.InvitationExpired";
    public static final String CONTACT_ERASED = "dev.invitations.ContactErased";
    public static final String COMMAND_RESULT = "dev.invitations.CommandResult";

    private EventTypes() {
    }
}
