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

    @Message("Only for email addresses at {domains}")
    String allowed_domains(String domains);

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

    @Message("This invitation is for other email addresses")
    String refusal_email_domain_not_allowed_title();

    @Message("You are signed in as {who}, but this invitation can only be accepted with an email address at {domains}. Sign out and sign in, or create an account, with an address at one of them.")
    String refusal_email_domain_not_allowed_text(String who, String domains);

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

    // The operator console

    @Message("Operator console")
    String console_title();

    @Message("Sections")
    String console_sections();

    @Message("find, create and edit contacts, and invite them")
    String console_contacts_summary();

    @Message("create invitations, select and send them, follow their delivery")
    String console_invitations_summary();

    @Message("Your account has none of the console's roles. Ask an administrator for the role you need: invitations-operator for contacts and invitations, templates-editor for email templates, accounts-admin for accounts and web roles, workflows-editor for workflows.")
    String console_no_sections();

    @Message("Back to the console's start")
    String console_back_home();

    @Message("Cancel")
    String console_cancel();

    @Message("Save")
    String console_save();

    @Message("Next page")
    String console_next();

    @Message("Previous page")
    String console_previous();

    @Message("Pages")
    String console_pages();

    @Message("That page does not exist. Narrow the filter instead of paging so far.")
    String console_page_out_of_range();

    @Message("The form could not be saved. Correct the fields marked below.")
    String console_form_has_errors();

    @Message("This page is not for your role")
    String console_forbidden_title();

    @Message("You are signed in, but your account does not have the role this part of the console needs. Contacts and invitations need invitations-operator; email templates need templates-editor; accounts and web roles need accounts-admin; workflows need workflows-editor. Ask an administrator, or sign out and sign in with another account.")
    String console_forbidden_text();

    @Message("Not found")
    String console_not_found_title();

    @Message("This address is not valid")
    String console_invalid_address_title();

    @Message("The console did not write this address, or it was changed. Go back and follow the link again.")
    String console_invalid_address_text();

    @Message("There is no such record. It may have been deleted, or the address is mistyped.")
    String console_not_found_text();

    @Message("A service is not answering")
    String console_unavailable_title();

    @Message("The console cannot reach a service it needs right now. Nothing was changed; try again in a minute.")
    String console_unavailable_text();

    @Message("Contacts")
    String contacts_title();

    @Message("Name or email address")
    String contacts_search_label();

    @Message("Part of a contact's name, or any of their three addresses; in any case. Leave it empty to list every contact.")
    String contacts_search_help();

    @Message("Find")
    String contacts_search();

    @Message("Search with at most {max} characters.")
    String contacts_search_too_long(int max);

    @Message("New contact")
    String contacts_new();

    @Message("No contact found.")
    String contacts_none();

    @Message("Contacts found: {total}")
    String contacts_found(long total);

    @Message("Other addresses")
    String contacts_other_addresses();

    @Message("The contact was saved.")
    String contacts_saved();

    @Message("Another contact already has this primary address.")
    String contacts_primary_address_taken();

    @Message("Full name")
    String contact_full_name();

    @Message("Erased contact")
    String contact_erased();

    @Message("Primary email address")
    String contact_email1();

    @Message("Invitations go to this address only.")
    String contact_email1_help();

    @Message("Second email address")
    String contact_email2();

    @Message("Third email address")
    String contact_email3();

    @Message("Language")
    String contact_locale();

    @Message("The language of the contact's emails, as a tag such as en or de-AT.")
    String contact_locale_help();

    @Message("Invitations")
    String invitations_title();

    @Message("Create invitation")
    String invitations_create();

    @Message("Status")
    String invitations_status_filter();

    @Message("Any status")
    String any_status();

    @Message("Show")
    String invitations_filter();

    @Message("There is no such status; choose one from the list.")
    String invitations_unknown_status();

    @Message("No invitation found.")
    String invitations_none();

    @Message("Invitations found: {total}, newest first")
    String invitations_found(long total);

    @Message("Select")
    String invitations_select();

    @Message("Send Invitation")
    String invitations_send();

    @Message("Select at least one invitation to send.")
    String invitations_select_some();

    @Message("Select at most {max} invitations at once.")
    String invitations_select_at_most(int max);

    @Message("The selection names something that is not an invitation. Select again from the list.")
    String invitations_not_an_invitation();

    @Message("Send these invitations?")
    String invitations_confirm_title();

    @Message("Invitations to send: {invitations}. Emails: {recipients}, one to each invited contact who has not accepted yet.")
    String invitations_confirm_summary(int invitations, int recipients);

    @Message("Send now (emails: {recipients})")
    String invitations_confirm_send(int recipients);

    @Message("Invitations sent")
    String invitations_sent_title();

    @Message("Invitations sent: {accepted}. Emails on their way: {recipients}.")
    String invitations_sent_summary(int accepted, int recipients);

    @Message("Not sent")
    String invitations_rejected();

    @Message("Back to the invitations")
    String invitations_back_to_list();

    @Message("Follow the emails as they go out")
    String invitations_follow_progress();

    @Message("Emails of this send")
    String progress_title();

    @Message("{done} of {expected} emails done. This page updates itself every few seconds.")
    String progress_running(long done, long expected);

    @Message("All {expected} emails are done.")
    String progress_done(long expected);

    @Message("This page stopped updating: the send started too long ago to be still running. Reload it to count again.")
    String progress_stale();

    @Message("Expected")
    String progress_expected();

    @Message("Queued for sending")
    String progress_sending();

    @Message("Accepted by the mail server")
    String progress_sent();

    @Message("Failed")
    String progress_failed();

    @Message("Held until the template is activated")
    String progress_held();

    @Message("Failed emails are listed on each invitation's page, with the reason.")
    String progress_failed_help();

    @Message("Type")
    String invitation_type();

    @Message("Single: one invited contact, accepted once")
    String invitation_type_single();

    @Message("Group: anyone with the code, up to the maximum")
    String invitation_type_group();

    @Message("Status")
    String invitation_status();

    @Message("Accepted")
    String invitation_redemptions();

    @Message("Expires")
    String invitation_expires();

    @Message("Sender (owner)")
    String invitation_owner();

    @Message("Sender's name")
    String invitation_owner_name();

    @Message("Sender's email address")
    String invitation_owner_email();

    @Message("Expiry date")
    String invitation_expires_on();

    @Message("The invitation can be accepted until the end of this day (UTC). Leave it empty for no expiry.")
    String invitation_expires_on_help();

    @Message("Inviter")
    String invitation_inviter();

    @Message("The email address of the contact shown as the one who invites (optional).")
    String invitation_inviter_help();

    @Message("Invited contacts")
    String invitation_invited();

    @Message("Their email addresses, one a line. A Single invitation invites exactly one.")
    String invitation_invited_help();

    @Message("Assign to account")
    String invitation_account();

    @Message("No account")
    String invitation_no_account();

    @Message("Web roles")
    String invitation_web_roles();

    @Message("There are no web roles yet.")
    String invitation_no_web_roles();

    @Message("Workflow to run on the redeeming contact")
    String invitation_workflow();

    @Message("The id of a registered workflow (optional).")
    String invitation_workflow_help();

    @Message("Maximum redemptions")
    String invitation_max_redemptions();

    @Message("Group only: 1 to 10,000. Empty: the number of invited contacts.")
    String invitation_max_redemptions_help();

    @Message("Email template")
    String invitation_template();

    @Message("The template's key; empty for the Send Invitation template.")
    String invitation_template_help();

    @Message("The form takes at most {max} addresses; create a Group invitation for more in several steps.")
    String invitation_too_many_invited(int max);

    @Message("No contact has the address {address}. Create the contact first.")
    String invitation_no_contact_with(String address);

    @Message("Enter a date such as 2027-01-31.")
    String invitation_not_a_date();

    @Message("Enter a whole number.")
    String invitation_not_a_number();

    @Message("Choose from the list.")
    String invitation_not_a_choice();

    @Message("The invitation was saved. Send it to email its code to the invited contacts.")
    String invitation_created();

    @Message("The invitation's code is emailed to the invited contacts and is never shown here: it is their secret.")
    String invitation_code_not_shown();

    @Message("Last sent")
    String invitation_last_sent();

    @Message("Delivery")
    String invitation_delivery();

    @Message("Since")
    String invitation_delivery_at();

    @Message("Accepted by")
    String invitation_redeemed_by();

    @Message("Nobody has accepted it yet.")
    String invitation_not_redeemed();

    @Message("When")
    String invitation_redeemed_at();

    @Message("Portal login")
    String invitation_redeemed_login();

    @Message("Invite Redemption Activities")
    String invitation_activities();

    @Message("No redemption has been applied yet.")
    String invitation_no_activities();

    @Message("The first {shown} of {total} activities.")
    String invitation_activities_shown(int shown, long total);

    @Message("Applied")
    String activity_applied_at();

    @Message("Partly applied: an account or web role the invitation names no longer existed")
    String activity_partial();

    @Message("{name}: assigned")
    String activity_assigned(String name);

    @Message("{name}: not assigned, a later redemption's account stays")
    String activity_superseded(String name);

    @Message("{name}: granted")
    String activity_granted(String name);

    @Message("{name}: already held")
    String activity_already_held(String name);

    @Message("{name}: no longer exists, not applied")
    String activity_not_found(String name);

    @Message("Revoke")
    String invitation_revoke();

    @Message("Extend expiry")
    String invitation_extend();

    @Message("New expiry date")
    String invitation_extend_label();

    @Message("Also for an expired invitation: it can then be sent again, with the same code. The invitation can be accepted until the end of this day (UTC); leave it empty for no expiry.")
    String invitation_extend_help();

    @Message("Revoke this invitation?")
    String invitation_revoke_title();

    @Message("Once {name} is revoked, it can no longer be sent or accepted, also by those who already have its email. This cannot be undone.")
    String invitation_revoke_explanation(String name);

    @Message("the Send Invitation email: deactivate, edit, preview, activate")
    String console_templates_summary();

    @Message("Email templates")
    String templates_title();

    @Message("Template")
    String template_key();

    @Message("State")
    String state();

    @Message("Version")
    String version();

    @Message("Active")
    String state_active();

    @Message("Inactive")
    String state_inactive();

    @Message("Active: emails are sent with version {version}. Deactivate it to edit it; emails arriving meanwhile are held until it is activated again.")
    String template_active_explained(int version);

    @Message("Inactive (version {version}): invitation emails are held until it is activated.")
    String template_inactive_explained(int version);

    @Message("Activated. Held emails released: {released}.")
    String template_activated(int released);

    @Message("Deactivate")
    String deactivate();

    @Message("Activate")
    String activate();

    @Message("An active template cannot be edited: deactivate it first.")
    String template_deactivate_to_edit();

    @Message("Preview with sample values")
    String template_preview();

    @Message("Emails held until the template is activated: {count}")
    String template_held(long count);

    @Message("Held emails")
    String template_held_column();

    @Message("Version history")
    String template_versions();

    @Message("Saved")
    String template_version_saved();

    @Message("Text")
    String template_version_text();

    @Message("in use")
    String template_version_current();

    @Message("Start an edit from this version")
    String template_edit_from();

    @Message("Preview of version {version} (nothing was sent)")
    String template_preview_title(int version);

    @Message("Edit")
    String template_edit();

    @Message("Subject")
    String template_subject();

    @Message("HTML body")
    String template_html_body();

    @Message("Text body")
    String template_text_body();

    @Message("HTML body (source)")
    String template_html_source();

    @Message("From")
    String template_from();

    @Message("An address in an allowed sender domain; empty for the service's default sender.")
    String template_from_help();

    @Message("Reply to")
    String template_reply_to();

    @Message("To")
    String template_to();

    @Message("Redemption page URL")
    String template_link();

    @Message("An https address on the link allow-list; empty for the service's default.")
    String template_link_help();

    @Message("The service refused this")
    String console_refused_title();

    @Message("Nothing was changed. Go back, check what you chose, and try again.")
    String console_refused_text();

    @Message("find and create the accounts an invitation can assign its contacts to")
    String console_accounts_summary();

    @Message("create and delete the web roles an invitation can grant")
    String console_web_roles_summary();

    @Message("Accounts")
    String accounts_title();

    @Message("Name contains")
    String accounts_search_label();

    @Message("Ignoring case. Leave empty to see every account.")
    String accounts_search_help();

    @Message("A name has at most {max} characters.")
    String accounts_search_too_long(int max);

    @Message("Find")
    String accounts_search();

    @Message("New account")
    String accounts_new();

    @Message("No account found.")
    String accounts_none();

    @Message("The first {limit} by name. Narrow the search to see the others.")
    String accounts_more(int limit);

    @Message("The account was created.")
    String accounts_created();

    @Message("Name")
    String account_name();

    @Message("As invitees will see it, for example Contoso Ltd.")
    String account_name_help();

    @Message("Created")
    String account_created_at();

    @Message("Web roles")
    String web_roles_title();

    @Message("New web role")
    String web_roles_new();

    @Message("There are no web roles yet.")
    String web_roles_none();

    @Message("The web role was created.")
    String web_roles_created();

    @Message("The web role was deleted.")
    String web_roles_deleted();

    @Message("Another web role has this name already (names ignore case).")
    String web_roles_name_taken();

    @Message("Name")
    String web_role_name();

    @Message("Unique, ignoring case; at most 100 characters.")
    String web_role_name_help();

    @Message("Description")
    String web_role_description();

    @Message("Optional: what the role is for, for operators.")
    String web_role_description_help();

    @Message("Delete")
    String web_role_delete();

    @Message("Delete the web role {name}?")
    String web_role_delete_title(String name);

    @Message("Deleting takes it from every contact that holds it, and invitations that name it no longer grant it. It cannot be undone.")
    String web_role_delete_explanation();

    // The console's workflows

    @Message("register workflow documents, activate or deactivate them, follow and retry their runs")
    String console_workflows_summary();

    @Message("Workflows")
    String workflows_title();

    @Message("Register workflow")
    String workflows_register();

    @Message("No workflow is registered yet.")
    String workflows_none();

    @Message("Workflow id")
    String workflow_id();

    @Message("What invitations name it by: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128. An id that is already registered gets a new version.")
    String workflow_id_help();

    @Message("Use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128.")
    String workflow_id_invalid();

    @Message("Name")
    String workflow_name();

    @Message("Title")
    String workflow_title_label();

    @Message("Current version")
    String workflow_current_version();

    @Message("Active: redemptions that name it start runs of version {version}.")
    String workflow_active_explained(int version);

    @Message("Inactive (version {version}): redemptions that name it are recorded as faulted runs; runs already started go on.")
    String workflow_inactive_explained(int version);

    @Message("Created")
    String workflow_created();

    @Message("Changed")
    String workflow_updated();

    @Message("Workflow document (CNCF Serverless Workflow 1.0, YAML or JSON)")
    String workflow_document();

    @Message("Paste it here or choose a file below; a chosen file takes the place of the text.")
    String workflow_document_help();

    @Message("Or upload a file")
    String workflow_file();

    @Message("Paste the document or choose a file.")
    String workflow_document_missing();

    @Message("The document is larger than {kilobytes} KB.")
    String workflow_document_too_large(int kilobytes);

    @Message("The file is not UTF-8 text.")
    String workflow_file_not_text();

    @Message("Register")
    String workflow_register();

    @Message("Registered. Version {version} is current.")
    String workflow_registered(int version);

    @Message("Register a new version")
    String workflow_new_version();

    @Message("A changed document needs a new document.version; the same content again changes nothing. New runs use the newest version.")
    String workflow_new_version_help();

    @Message("Versions")
    String workflow_versions();

    @Message("Registered")
    String workflow_registered_at();

    @Message("Version {version}")
    String workflow_view_version(int version);

    @Message("{id}, version {version}")
    String workflow_version_title(String id, int version);

    @Message("Back to {id}")
    String workflow_back(String id);

    @Message("Runs")
    String workflow_runs();

    @Message("Status")
    String workflow_runs_status_filter();

    @Message("Filter")
    String workflow_runs_filter();

    @Message("Choose one of the statuses offered.")
    String workflow_runs_unknown_status();

    @Message("No runs.")
    String workflow_runs_none();

    @Message("The newest runs, at most {count}")
    String workflow_runs_newest(int count);

    @Message("The run was started again with the current version.")
    String workflow_run_retried();

    @Message("Status")
    String run_status();

    @Message("Contact")
    String run_contact();

    @Message("Invitation")
    String run_invitation();

    @Message("Started")
    String run_started();

    @Message("Ended")
    String run_ended();

    @Message("Error")
    String run_error();

    @Message("Retry")
    String run_retry();
}
