package dev.invitations.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

class QueryRedactionTest {

    @Test
    void everyValueOfAQueryIsReplacedAndTheNamesStay() {
        assertEquals("code=REDACTED&lang=REDACTED", QueryRedaction.redact("code=K7QX2M9P4R&lang=de"));
        assertEquals("email=REDACTED&page=REDACTED&size=REDACTED", QueryRedaction.redact("email=ada%40example.org&page=0&size=2"));
    }

    @Test
    void aParameterWithoutANameOrValueIsReplacedWhole() {
        assertEquals("REDACTED&a=REDACTED&&REDACTED", QueryRedaction.redact("K7QX2M9P4R&a=1&&=x"));
    }

    /** Through the SDK, as Quarkus wires it: the processor before the exporter, the attributes given at the span's start. */
    @Test
    void noSpanIsExportedWithAQueryValueUnderTheCurrentOrTheOlderKeys() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        Attributes attributes;
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(new QueryRedaction())
                .addSpanProcessor(SimpleSpanProcessor.create(exported))
                .build()) {
            tracing.get("test").spanBuilder("get /portal/redeem").setSpanKind(SpanKind.SERVER)
                    .setAllAttributes(Attributes.builder()
                            .put("url.query", "code=K7QX2M9P4R")
                            .put("url.full", "http://portal/portal/redeem?code=K7QX2M9P4R")
                            .put("http.url", "http://portal/portal/redeem?code=K7QX2M9P4R&lang=de")
                            .put("http.target", "/portal/redeem?code=K7QX2M9P4R")
                            .put("url.path", "/portal/redeem")
                            .build())
                    .startSpan().end();
            // Read before the provider closes: closing shuts the exporter down, which empties it.
            attributes = exported.getFinishedSpanItems().get(0).getAttributes();
        }
        assertEquals("code=REDACTED", attributes.get(AttributeKey.stringKey("url.query")));
        assertEquals("http://portal/portal/redeem?code=REDACTED", attributes.get(AttributeKey.stringKey("url.full")));
        assertEquals("http://portal/portal/redeem?code=REDACTED&lang=REDACTED", attributes.get(AttributeKey.stringKey("http.url")));
        assertEquals("/portal/redeem?code=REDACTED", attributes.get(AttributeKey.stringKey("http.target")));
        assertEquals("/portal/redeem", attributes.get(AttributeKey.stringKey("url.path")));
    }

    @Test
    void anAddressKeepsItsPathAndLosesItsQueryValuesAndFragment() {
        assertEquals("http://invitation-service:8081/contacts?email=REDACTED",
                QueryRedaction.redactAddress("http://invitation-service:8081/contacts?email=ada@example.org"));
        assertEquals("http://portal/redeem?code=REDACTED", QueryRedaction.redactAddress("http://portal/redeem?code=X#top"));
        assertEquals("http://invitation-service:8081/invitations/lookup",
                QueryRedaction.redactAddress("http://invitation-service:8081/invitations/lookup"));
    }
}
