package dev.invitations.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the values of query strings out of traces. The semantic conventions record a request's query on the server's
 * span ({@code url.query}) and the whole address on a client's ({@code url.full}; older conventions, see
 * {@link #ADDRESSES}), and a query here carries what must
 * not leave the process: the invitation's code in the email's link to the page ({@code /portal/redeem?code=...}),
 * email addresses in contact searches ({@code /contacts?email=...}). The parameters' names stay, so that a trace still
 * says what a request asked. Quarkus adds every {@link SpanProcessor} bean to the tracer, and a span's start attributes
 * are set before {@link #onStart}, so nothing is exported unredacted.
 */
@Singleton
public class QueryRedaction implements SpanProcessor {

    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    /**
     * Attributes that hold an address or a path with its query: {@code url.full}, and the keys of the conventions
     * before 1.21, which an instrumentation still on them would record ({@code http.url} the whole address,
     * {@code http.target} the path and query). Quarkus 3.33's own record only the stable ones.
     */
    static final List<AttributeKey<String>> ADDRESSES = List.of(AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.url"), AttributeKey.stringKey("http.target"));
    static final String REDACTED = "REDACTED";

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, redact(query));
        }
        for (AttributeKey<String> key : ADDRESSES) {
            String address = span.getAttribute(key);
            if (address != null) {
                span.setAttribute(key, redactAddress(address));
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    /** {@code code=X&lang=de} becomes {@code code=REDACTED&lang=REDACTED}; a parameter without a name goes whole. */
    static String redact(String query) {
        return Arrays.stream(query.split("&", -1))
                .map(parameter -> {
                    int equals = parameter.indexOf('=');
                    return equals > 0 ? parameter.substring(0, equals + 1) + REDACTED : parameter.isEmpty() ? "" : REDACTED;
                })
                .collect(Collectors.joining("&"));
    }

    static String redactAddress(String address) {
        int query = address.indexOf('?');
        if (query < 0) {
            return address;
        }
        int fragment = address.indexOf('#', query);
        String rest = fragment < 0 ? address.substring(query + 1) : address.substring(query + 1, fragment);
        return address.substring(0, query + 1) + redact(rest);
    }
}
