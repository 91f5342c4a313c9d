package dev.invitations.notificationservice.template;

import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;

/**
 * A template broke one of {@link TemplateSandbox}'s rules or limits. The message names the rule (and its setting) and
 * never quotes a model value, so it may be stored as a delivery's error.
 */
public final class SandboxViolation extends TemplateException {

    SandboxViolation(TemplateNode.Origin origin, String message) {
        super(origin, message);
    }
}
