package dev.invitations.notificationservice.template;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One saved text of a template. Never changed once written: a delivery renders exactly the version it names. */
@Entity
@Table(name = "template_versions")
public class TemplateVersion extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "template_key")
    public String templateKey;

    public int version;

    public String subject;

    @Column(name = "html_body")
    public String htmlBody;

    @Column(name = "text_body")
    public String textBody;

    @Column(name = "from_address")
    public String fromAddress;

    @Column(name = "redemption_page_url")
    public String redemptionPageUrl;

    @Column(name = "created_at")
    public Instant createdAt;

    public TemplateContent content() {
        return new TemplateContent(id, templateKey, version, subject, htmlBody, textBody, fromAddress, redemptionPageUrl);
    }
}
