package dev.invitations.tracing;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the OpenTelemetry SDK on exactly where a collector is named: an OTLP endpoint (compose and Kubernetes name
 * Jaeger's) or a Zipkin endpoint (the local run's viewer). Without one the SDK stays off, because Quarkus' OTLP exporter
 * would otherwise send to its default {@code localhost:4317}, fail on every batch and fill the log, and every span
 * would cost its recording for nothing.
 *
 * <p>A configuration source rather than a property expression: an expression can substitute a value but not test
 * whether one of three properties is set. Its ordinal is below every file's, so an explicit
 * {@code quarkus.otel.sdk.disabled} anywhere (the services' {@code %test} profile, an environment variable) wins.
 */
public class TracingSwitch implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> COLLECTORS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint", ZipkinTracing.ENDPOINT);
    /** Below META-INF/microprofile-config.properties (100) and application.properties (250). */
    static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean collector = COLLECTORS.stream().map(context::getValue).anyMatch(TracingSwitch::configured);
        return List.of(new PropertiesConfigSource(Map.of(SDK_DISABLED, Boolean.toString(!collector)),
                TracingSwitch.class.getSimpleName(), ORDINAL));
    }

    /**
     * Set by some source other than the defaults: Quarkus registers its configuration mappings' defaults as a source of
     * the lowest ordinal, where the OTLP endpoint is {@code http://localhost:4317/} whether a collector runs or not.
     */
    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > Integer.MIN_VALUE;
    }
}
