package dev.invitations.portalweb;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text the pages show, in English; {@code messages/msg_de.properties} has the German. Templates use
 * {@code {msg:key}}; code that composes a text (a refusal's explanation) gets the bundle of the page's language from
 * {@link Languages#messages}.
 */
@MessageBundle(value = "msg", locale = "en")
public interface PageMessages {

    @Message("Portal")
    String portal();

    @Message("Skip to the main content")
    String skip_to_content();

    @Message("Signed in as {name}")
    String signed_in_as(String name);

    @Message("Sign out")
    String sign_out();

    @Message("Language")
    String language();

    @Message("Accept your invitation")
    String redeem_title();

    @Message("You have been invited to the portal")
    String invitation_heading();

    @Message("Invitation")
    String invitation_name();

    @Message("Invited by")
    String invited_by();

    @Message("Sent by")
    String sent_by();

    @Message("Valid until")
    String valid_until();

    @Message("Does not expire")
    String never_expires();

    @Message("Accepting gives you")
    String accepting_gives();

    @Message("Membership of the account {name}")
    String grant_account(String name);

    @Message("The web role {name}")
    String grant_web_role(String name);

    @Message("Your portal access is set up further once you accept")
    String grant_workflow();

    @Message("Access to the portal")
    String grant_portal_only();

    @Message("{count} places left")
    String places_left(int count);

    @Message("Sign in or create an account to accept this invitation. Use the email address the invitation was sent to.")
    String sign_in_explanation();

    @Message("Sign in to accept")
    String sign_in_to_accept();

    @Message("Create an account")
    String create_account();

    @Message("Accept invitation")
    String accept();

    @Message("Not you? Sign out and sign in with the address the invitation was sent to.")
    String not_you();

    @Message("Enter your invitation code")
    String enter_code_title();

    @Message("Type the code from your invitation email. Upper or lower case, dashes and spaces do not matter.")
    String enter_code_explanation();

    @Message("Invitation code")
    String code_label();

    @Message("Continue")
    String continue_();

    @Message("Enter the code from your invitation email.")
    String code_missing();

    @Message("A code has only letters, digits, dashes and spaces, and at most 100 of them.")
    String code_malformed();

    @Message("Use another code")
    String use_another_code();

    @Message("Invitation accepted")
    String redeemed_title();

    @Message("You accepted {name}.")
    String redeemed_intro(String name);

    @Message("You now have")
    String you_now_have();

    @Message("Your access is being set up. This page updates by itself in a few seconds.")
    String being_applied();

    @Message("Go to the portal")
    String go_to_portal();

    @Message("This invitation code is not known")
    String refusal_unknown_code_title();

    @Message("No invitation has this code. Check that you copied the whole code from the email, or type it again below.")
    String refusal_unknown_code_text();

    @Message("This invitation was withdrawn")
    String refusal_revoked_title();

    @Message("The person who invited you withdrew this invitation, so it can no longer be accepted. Ask them for a new one.")
    String refusal_revoked_text();

    @Message("This invitation has expired")
    String refusal_expired_title();

    @Message("This invitation could be accepted until {date}. Ask the person who invited you for a new one.")
    String refusal_expired_text(String date);

    @Message("This invitation has already been used")
    String refusal_already_used_title();

    @Message("This invitation was meant for one person and has already been accepted. If that was not you, ask the person who invited you for a new one.")
    String refusal_already_used_text();

    @Message("This invitation is full")
    String refusal_maximum_reached_title();

    @Message("This invitation has been accepted as many times as it allows. Ask the person who invited you for a new one.")
    String refusal_maximum_reached_text();

    @Message("You have already accepted this invitation")
    String refusal_already_redeemed_by_you_title();

    @Message("Your account already has what this invitation gives. There is nothing more to do.")
    String refusal_already_redeemed_by_you_text();

    @Message("This invitation is for someone else")
    String refusal_for_another_person_title();

    @Message("You are signed in as {who}, but this invitation was sent to another person. If it was sent to you at another address, sign out and sign in with that address.")
    String refusal_for_another_person_text(String who);

    @Message("This invitation was sent to another address")
    String refusal_email_does_not_match_title();

    @Message("You are signed in as {who}, but this invitation was sent to a different email address. Sign out and sign in, or create an account, with the address the invitation was sent to.")
    String refusal_email_does_not_match_text(String who);

    @Message("Your email address is not verified")
    String refusal_email_not_verified_title();

    @Message("You are signed in as {who}, but that email address has not been verified, so it cannot be matched to the invitation. Verify it with the link the sign-in service emailed you, then accept again.")
    String refusal_email_not_verified_text(String who);

    @Message("Your sign-in belongs to another person's record")
    String refusal_login_linked_elsewhere_title();

    @Message("The account you signed in with ({who}) is already linked to another person in the portal. Sign out and sign in with the account that belongs to you.")
    String refusal_login_linked_elsewhere_text(String who);

    @Message("Too many attempts")
    String refusal_too_many_attempts_title();

    @Message("Too many codes were tried that did not work. Try again in {minutes} minutes.")
    String refusal_too_many_attempts_text(long minutes);

    @Message("You cannot accept invitations with this account")
    String refusal_not_a_portal_user_title();

    @Message("The account you signed in with is not a portal account. Sign out and sign in with your own account.")
    String refusal_not_a_portal_user_text();

    @Message("The portal is busy")
    String refusal_unavailable_title();

    @Message("The portal cannot check invitations right now. Nothing was changed; try again in a minute.")
    String refusal_unavailable_text();
}
