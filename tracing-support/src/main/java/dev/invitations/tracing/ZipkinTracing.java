package dev.invitations.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Spans to a Zipkin server, for the local run, whose trace viewer is one (Zipkin has no OTLP receiver).
 *
 * <p>Quarkus' default traces exporter ({@code cdi}) exports to every {@link SpanExporter} bean that a lookup finds,
 * through the SDK's batch span processor, and drops its own OTLP exporter as soon as there is one. So the bean must not
 * be found where no Zipkin endpoint is configured: there (compose, Kubernetes) OTLP to Jaeger stays the exporter. It
 * is found only when {@code portal.tracing.zipkin-endpoint} has a value, which also turns the SDK on
 * ({@link TracingSwitch}).
 */
@ApplicationScoped
public class ZipkinTracing {

    public static final String ENDPOINT = "portal.tracing.zipkin-endpoint";

    @Produces
    @Singleton
    @LookupUnlessProperty(name = ENDPOINT, stringValue = "", lookupIfMissing = false)
    SpanExporter zipkin(@ConfigProperty(name = ENDPOINT) Optional<String> endpoint) {
        // Optional: the bean exists in every service, and a required property would fail the start of those without it.
        String url = endpoint.orElseThrow(() -> new IllegalStateException(ENDPOINT + " is not set"));
        return ZipkinSpanExporter.builder().setSender(URLConnectionSender.create(url)).build();
    }
}
