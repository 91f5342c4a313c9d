package dev.invitations.contract;

/** The seed's two kinds of invitation: one contact and one redemption, or many of both. */
public enum InvitationType {
    SINGLE,
    GROUP
}
