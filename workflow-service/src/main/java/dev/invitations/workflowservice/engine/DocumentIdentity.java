package dev.invitations.workflowservice.engine;

/**
 * The {@code document} block of a DSL document. The engine caches compiled definitions by namespace, name and version,
 * which is why the registry lets one identity stand for one content only.
 */
public record DocumentIdentity(String dsl, String namespace, String name, String version, String title) {

    @Override
    public String toString() {
        return namespace + "/" + name + "@" + version;
    }
}
