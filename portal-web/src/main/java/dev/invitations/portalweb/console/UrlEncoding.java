package dev.invitations.portalweb.console;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code {text.urlEncoded}} in templates: a typed search put back into a link's query (Qute escapes HTML, not URLs). */
@TemplateExtension
public final class UrlEncoding {

    static String urlEncoded(String text) {
        return text == null ? "" : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private UrlEncoding() {
    }
}
