package dev.invitations.localinfra.mail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;

/**
 * One mail as the local SMTP server received it: the element of the HTTP inbox's JSON array.
 *
 * @param messageId  the Message-ID header (null if the sender set none)
 * @param from       the From header as written, with the display name: {@code "Ops Team <ops@example.com>"}
 * @param to         bare addresses of the To header
 * @param cc         bare addresses of the Cc header
 * @param bcc        envelope recipients that neither To nor Cc names: the blind copies, as delivered
 * @param subject    subject, or null
 * @param text       the text/plain body (the first such part), or null
 * @param html       the text/html body (the first such part), or null
 * @param receivedAt when the SMTP server received it
 */
public record ReceivedMail(
        String messageId,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        String subject,
        String text,
        String html,
        Instant receivedAt) {

    /** The JSON form shared by the inbox server and {@link Mailbox}: ISO-8601 instants, unknown fields ignored. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ReceivedMail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
