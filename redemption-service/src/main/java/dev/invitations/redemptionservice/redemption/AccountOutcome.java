package dev.invitations.redemptionservice.redemption;

/** What became of the account an invitation names. */
public enum AccountOutcome {
    /** The account is now (or already was) the contact's parent customer. */
    ASSIGNED,
    /** The account did not exist when the redemption was applied; the contact's parent is unchanged. */
    NOT_FOUND,
    /** A later redemption of the same contact had already assigned another account, which stays. */
    SUPERSEDED
}
