package dev.invitations.contract;

/** Values of the {@code ce_type} header, one per event record. */
public final class EventTypes {
    public static final String INVITATION_SENT = "dev.invitations.InvitationSent";
    public static final String INVITATION_REDEEMED = "dev.invitations.InvitationRedeemed";
    public static final String INVITATION_EMAIL_DELIVERED = "dev.invitations.InvitationEmailDelivered";
    public static final String INVITATION_EMAIL_FAILED = "dev.invitations.InvitationEmailFailed";
    public static final String CONTACT_ACCESS_GRANTED = "dev.invitations.ContactAccessGranted";

    private EventTypes() {
    }
}
