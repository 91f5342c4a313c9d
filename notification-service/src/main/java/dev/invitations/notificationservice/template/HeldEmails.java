package dev.invitations.notificationservice.template;

import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * The emails held while their template was inactive, as the template's side counts and releases them. The delivery
 * pipeline holds them and implements this; the interface lives here because deliveries depend on templates (they render
 * them), so templates must not depend on deliveries.
 */
public interface HeldEmails {

    /**
     * Must run in the transaction that activates the template: the released emails go out with {@code templateVersion}.
     */
    Uni<Integer> release(String templateKey, int templateVersion);

    /** How many emails wait for {@code templateKey} to be activated. */
    Uni<Long> count(String templateKey);

    /** The held emails per template key; a template with none is absent. */
    Uni<Map<String, Long>> countByTemplate();
}
