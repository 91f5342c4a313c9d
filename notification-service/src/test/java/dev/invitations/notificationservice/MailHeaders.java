package dev.invitations.notificationservice;

import dev.invitations.localinfra.LocalInfrastructureTestResource;
import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/** Headers the mailbox's JSON view leaves out, read over IMAP (the local mail server's user is the recipient address). */
final class MailHeaders {

    /** The Reply-To of the one email the address received, or null if it has none. */
    static String replyTo(String recipient) {
        var infra = LocalInfrastructureTestResource.endpoints();
        try {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect(infra.smtpHost(), infra.imapPort(), recipient, recipient);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    Message[] messages = inbox.getMessages();
                    if (messages.length != 1) {
                        throw new AssertionError(messages.length + " emails to " + recipient + ", expected 1");
                    }
                    // Without a Reply-To header, Jakarta Mail answers the From address: read the header itself.
                    String[] header = messages[0].getHeader("Reply-To");
                    if (header == null || header.length == 0) {
                        return null;
                    }
                    Address[] replyTo = messages[0].getReplyTo();
                    return replyTo.length == 0 ? null : jakarta.mail.internet.MimeUtility.decodeText(replyTo[0].toString());
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the email to " + recipient + " over IMAP", e);
        }
    }

    private MailHeaders() {
    }
}
