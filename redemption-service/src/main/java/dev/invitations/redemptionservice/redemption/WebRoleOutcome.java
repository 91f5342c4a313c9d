package dev.invitations.redemptionservice.redemption;

/** What became of one web role an invitation names. */
public enum WebRoleOutcome {
    GRANTED,
    /** The contact held the role already (from an earlier redemption): it is not granted twice. */
    ALREADY_HELD,
    /** The role did not exist (any more) when the redemption was applied. */
    NOT_FOUND
}
