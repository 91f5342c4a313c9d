package dev.invitations.workflowservice.engine;

/**
 * A document that parsed, validated against the DSL schema, passed this service's policy and compiled in the engine.
 *
 * @param contentHash SHA-256 of the document's content with formatting, comments and key order left out, so that
 *     re-registering the same workflow in another layout is recognised as unchanged
 */
public record ParsedWorkflow(DocumentFormat format, String document, String contentHash, DocumentIdentity identity) {
}
