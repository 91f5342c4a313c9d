package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.impl.WorkflowApplication;
import io.serverlessworkflow.impl.resources.ExternalResourceHandler;
import io.serverlessworkflow.impl.resources.ResourceLoader;
import io.serverlessworkflow.impl.resources.ResourceLoaderFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The SDK's default resource loader reads {@code file:} URIs, relative paths from the class path and any {@code http(s)}
 * URL (external schemas and other resources a document points at), outside the egress policy. Here nothing is loaded:
 * a document carries its schemas inline (registration refuses external ones), and the loader is kept only for what it
 * also does, turning an endpoint into a URI for the HTTP client, where the egress policy applies.
 */
final class NoExternalResources extends ResourceLoader {

    static final ResourceLoaderFactory FACTORY = (WorkflowApplication application, Path path) -> new NoExternalResources(application);

    private NoExternalResources(WorkflowApplication application) {
        super(application);
    }

    @Override
    protected <T> T loadURI(URI uri, Function<ExternalResourceHandler, T> function, Optional<String> auth) {
        throw new EgressRefusedException(EgressRefusedException.Reason.DESTINATION,
                "loading the external resource " + withoutQuery(uri) + " is refused: this service loads no external resources");
    }

    private static String withoutQuery(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }

    @Override
    public void close() {
        // Nothing is cached.
    }
}
