package dev.invitations.portalweb.console.invitation;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of an invitation's reminders and allowed email domains in the console, in English;
 * {@code messages/rules_de.properties} has the German. A bundle of its own rather than more of {@code PageMessages}:
 * the class Quarkus generates for a bundle failed bytecode verification at 302 messages, and that one has 290.
 */
@MessageBundle(value = "rules", locale = "en")
public interface InvitationRuleMessages {

    @Message("Reminders")
    String reminders();

    @Message("Email the invitation again to the invited contacts who have not redeemed it. Leave both empty for no reminders.")
    String reminders_help();

    @Message("Remind after (days)")
    String reminder_after_days();

    @Message("1 to 365: how many days after the last email to a contact the next reminder goes out.")
    String reminder_after_days_help();

    @Message("Reminders at most")
    String max_reminders();

    @Message("1 to 10 per contact.")
    String max_reminders_help();

    @Message("Every {afterDays} day(s), at most {maxReminders} time(s)")
    String reminders_schedule(int afterDays, int maxReminders);

    @Message("Allowed email domains")
    String allowed_email_domains();

    @Message("Group invitations only: one domain a line, such as example.org. A redeemer's verified email address must be "
            + "at one of them exactly; a subdomain must be listed itself. Empty: any domain.")
    String allowed_email_domains_help();

    @Message("Any")
    String any_email_domain();
}
