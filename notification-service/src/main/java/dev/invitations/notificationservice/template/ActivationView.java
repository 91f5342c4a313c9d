package dev.invitations.notificationservice.template;

/** The template after activation, and how many held emails the activation released for sending. */
public record ActivationView(TemplateView template, int releasedDeliveries) {
}
