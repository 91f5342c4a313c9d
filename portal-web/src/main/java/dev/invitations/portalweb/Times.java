package dev.invitations.portalweb;

import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateExtension.TemplateAttribute;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Instants as people of the page's language write them, in UTC and saying so (the services store UTC and know no
 * operator's time zone). In templates: {@code {invitation.createdAt.local}}, in the locale the page was rendered with.
 */
@TemplateExtension
public final class Times {

    private Times() {
    }

    public static String format(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(locale)
                .withZone(ZoneOffset.UTC).format(instant) + " UTC";
    }

    static String local(Instant instant, @TemplateAttribute("locale") Object locale) {
        return format(instant, locale instanceof Locale given ? given : Locale.forLanguageTag(String.valueOf(locale)));
    }
}
