package dev.invitations.portalclient;

import dev.invitations.localinfra.mail.ReceivedMail;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An invitation email as the invitee reads it: the mail, the link to the Invite Redemption Page it contains, and the
 * code that link carries, which is what the invitee redeems.
 */
public record InvitationEmail(ReceivedMail mail, URI link, String code) {

    /** The first link of the text body whose query names the code ({@code ...?code=...}). */
    private static final Pattern REDEMPTION_LINK =
            Pattern.compile("https?://[^\\s\"'<>]+?[?&]code=([^&#\\s\"'<>]+)[^\\s\"'<>]*");

    /** @throws IllegalArgumentException if the mail has no text body or no link with a code */
    public static InvitationEmail of(ReceivedMail mail) {
        if (mail.text() == null) {
            throw new IllegalArgumentException("The invitation email has no text part: " + mail);
        }
        Matcher link = REDEMPTION_LINK.matcher(mail.text());
        if (!link.find()) {
            throw new IllegalArgumentException("No link with a code in the invitation email: " + mail.text());
        }
        return new InvitationEmail(mail, URI.create(link.group()),
                URLDecoder.decode(link.group(1), StandardCharsets.UTF_8));
    }
}
