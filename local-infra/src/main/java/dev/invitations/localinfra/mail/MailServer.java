package dev.invitations.localinfra.mail;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapConstants;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.Store;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.invitations.localinfra.process.FreePorts;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GreenMail's SMTP and IMAP servers on 127.0.0.1, keeping every mail in memory. Authentication is disabled: SMTP takes
 * any sender and recipient, each recipient gets a mailbox, and IMAP accepts the recipient address as login with any
 * password.
 */
public final class MailServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailServer.class);

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static MailServer start() {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, FreePorts.LOOPBACK, ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, FreePorts.LOOPBACK, ServerSetup.PROTOCOL_IMAP).dynamicPort()})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        MailServer server = new MailServer(greenMail);
        LOG.info("Mail ready: SMTP on 127.0.0.1:{}, IMAP on 127.0.0.1:{}", server.smtpPort(), server.imapPort());
        return server;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /**
     * The received mails, oldest first, optionally only those delivered to {@code recipient}. GreenMail keeps one copy
     * per recipient mailbox; copies with one Message-ID are one mail, and the owners of those mailboxes are its
     * envelope recipients, which is how blind copies become visible.
     */
    List<ReceivedMail> messages(Optional<String> recipient) throws MessagingException, IOException {
        Managers managers = greenMail.getManagers();
        Map<String, Delivery> deliveries = new LinkedHashMap<>();
        for (GreenMailUser user : managers.getUserManager().listUser()) {
            List<StoredMessage> stored;
            try {
                stored = managers.getImapHostManager().getInbox(user).getNonDeletedMessages();
            } catch (FolderException e) {
                throw new MessagingException("Cannot read the inbox of " + user.getEmail(), e);
            }
            for (StoredMessage message : stored) {
                MimeMessage mime = message.getMimeMessage();
                String key = Optional.ofNullable(mime.getMessageID()).orElse(user.getEmail() + "#" + message.getUid());
                deliveries.computeIfAbsent(key, ignored -> new Delivery(mime, message.getReceivedDate().toInstant()))
                        .deliveredTo(user.getEmail(), message.getReceivedDate().toInstant());
            }
        }
        List<ReceivedMail> mails = new ArrayList<>();
        for (Delivery delivery : deliveries.values()) {
            if (recipient.isEmpty() || delivery.envelopeRecipients.contains(normalized(recipient.get()))) {
                mails.add(delivery.toReceivedMail());
            }
        }
        mails.sort(Comparator.comparing(ReceivedMail::receivedAt));
        return mails;
    }

    /**
     * Removes the mails in the mailboxes of {@code domain}'s addresses and returns one receipt per mailbox copy, oldest
     * first. Made for counting a campaign of 100,000 mails: each call costs only what arrived since the previous one and
     * the server's memory stays flat. The folder tree is read once, because GreenMail finds a user's inbox by scanning
     * every mailbox, which per user would make a call quadratic in the number of mailboxes.
     */
    List<MailReceipt> drain(String domain) throws FolderException, MessagingException {
        String suffix = "@" + normalized(domain);
        Managers managers = greenMail.getManagers();
        Map<String, String> addressByFolder = new HashMap<>();
        for (GreenMailUser user : managers.getUserManager().listUser()) {
            String address = normalized(user.getEmail());
            if (address.endsWith(suffix)) {
                addressByFolder.put(user.getQualifiedMailboxName(), address);
            }
        }
        Store store = managers.getImapHostManager().getStore();
        List<MailReceipt> receipts = new ArrayList<>();
        for (MailFolder userFolder : store.getChildren(store.getMailbox(ImapConstants.USER_NAMESPACE))) {
            String address = addressByFolder.get(userFolder.getName());
            MailFolder inbox = address == null ? null : store.getMailbox(userFolder, ImapConstants.INBOX_NAME);
            if (inbox == null) {
                continue;
            }
            List<StoredMessage> taken = inbox.getNonDeletedMessages();
            if (taken.isEmpty()) {
                continue;
            }
            for (StoredMessage message : taken) {
                receipts.add(new MailReceipt(address, message.getMimeMessage().getMessageID(),
                        message.getReceivedDate().toInstant()));
                message.setFlag(Flags.Flag.DELETED, true);
            }
            // Removes the flagged mails only: one that arrived since they were read stays for the next call.
            inbox.expunge();
        }
        receipts.sort(Comparator.comparing(MailReceipt::receivedAt));
        return receipts;
    }

    void purge() throws FolderException {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Override
    public void close() {
        greenMail.stop();
        LOG.info("Mail stopped");
    }

    private static String normalized(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /** One mail and the mailboxes it landed in. */
    private static final class Delivery {
        private final MimeMessage message;
        private final Set<String> envelopeRecipients = new TreeSet<>();
        private Instant receivedAt;

        Delivery(MimeMessage message, Instant receivedAt) {
            this.message = message;
            this.receivedAt = receivedAt;
        }

        void deliveredTo(String mailbox, Instant at) {
            envelopeRecipients.add(normalized(mailbox));
            receivedAt = at.isBefore(receivedAt) ? at : receivedAt;
        }

        ReceivedMail toReceivedMail() throws MessagingException, IOException {
            List<String> to = addresses(message.getRecipients(Message.RecipientType.TO));
            List<String> cc = addresses(message.getRecipients(Message.RecipientType.CC));
            Set<String> named = new TreeSet<>();
            to.forEach(address -> named.add(normalized(address)));
            cc.forEach(address -> named.add(normalized(address)));
            List<String> bcc = envelopeRecipients.stream().filter(address -> !named.contains(address)).toList();
            Bodies bodies = new Bodies();
            bodies.collect(message);
            String from = message.getFrom() == null ? null : Arrays.stream(message.getFrom())
                    .map(address -> address instanceof InternetAddress internet ? internet.toUnicodeString()
                            : address.toString())
                    .collect(Collectors.joining(", "));
            return new ReceivedMail(message.getMessageID(), from, to, cc, bcc, message.getSubject(),
                    bodies.text, bodies.html, receivedAt);
        }

        private static List<String> addresses(Address[] addresses) {
            return addresses == null ? List.of() : Arrays.stream(addresses)
                    .map(address -> address instanceof InternetAddress internet ? internet.getAddress()
                            : address.toString())
                    .toList();
        }
    }

    /** The first text/plain and text/html parts that are not attachments, at any multipart depth. */
    private static final class Bodies {
        private String text;
        private String html;

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("text/plain") && text == null) {
                text = part.getContent().toString();
            } else if (part.isMimeType("text/html") && html == null) {
                html = part.getContent().toString();
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i));
                }
            }
        }
    }
}
