package dev.invitations.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK is on exactly where a collector is named, and an explicit setting always wins. */
class TracingSwitchTest {

    @Test
    void tracingIsOffWhereNoCollectorIsNamed() {
        assertEquals(Boolean.TRUE, sdkDisabled(Map.of("quarkus.application.name", "invitation-service")));
    }

    /** Quarkus' mappings give the OTLP endpoint a default address: that is no collector. */
    @Test
    void theDefaultOtlpAddressNamesNoCollector() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")
                .withSources(new TracingSwitch())
                .build();
        assertEquals(Boolean.TRUE, config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class));
    }

    @Test
    void anOtlpEndpointTurnsTracingOn() {
        assertEquals(Boolean.FALSE, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://jaeger:4317")));
        assertEquals(Boolean.FALSE, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://jaeger:4317")));
    }

    @Test
    void aZipkinEndpointTurnsTracingOn() {
        assertEquals(Boolean.FALSE, sdkDisabled(Map.of(ZipkinTracing.ENDPOINT, "http://127.0.0.1:9411/api/v2/spans")));
    }

    @Test
    void anEmptyEndpointNamesNoCollector() {
        assertEquals(Boolean.TRUE, sdkDisabled(Map.of(ZipkinTracing.ENDPOINT, " ")));
    }

    @Test
    void anExplicitSettingWinsOverTheSwitch() {
        assertEquals(Boolean.TRUE, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://jaeger:4317",
                TracingSwitch.SDK_DISABLED, "true")));
    }

    /** The settings as an application.properties would hold them (ordinal 250), with the switch installed. */
    private static Boolean sdkDisabled(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "application.properties", 250))
                .withSources(new TracingSwitch())
                .build();
        return config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }
}
