package dev.invitations.workflowservice;

import dev.invitations.contract.InvitationRedeemed;

/**
 * A registered workflow (the repository's example) whose HTTP call goes to a webhook of its own on this host: what
 * the runs of a test's redemptions did is what that webhook received.
 */
final class WebhookWorkflow implements AutoCloseable {

    private final Webhook webhook = new Webhook();
    private final String id;

    WebhookWorkflow(String prefix) {
        id = WorkflowRegistrationTest.uniqueId(prefix);
        Workflows.register(id, Workflows.exampleCalling(webhook.url("/" + prefix), id)).statusCode(201);
    }

    String id() {
        return id;
    }

    /** How many times a run called the webhook for the contact who redeemed in {@code event}. */
    int callsFor(InvitationRedeemed event) {
        String contact = event.contact().id().toString();
        return webhook.received(call -> call.body() != null && contact.equals(call.body().path("contact").path("id").asText())).size();
    }

    @Override
    public void close() {
        webhook.close();
    }
}
