package dev.invitations.portalweb;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which language a page speaks: the one the email's link asked for ({@code lang}, remembered in a cookie), else the
 * best of the browser's Accept-Language that the pages have, else the first configured.
 */
@ApplicationScoped
public class Languages {

    public static final String COOKIE = "portal_lang";

    private final List<String> supported;

    Languages(PortalWebConfig config) {
        this.supported = config.languages().stream().map(tag -> tag.toLowerCase(Locale.ROOT)).toList();
    }

    /** The supported language a tag such as {@code de-AT} or {@code DE} names, if any. */
    public Optional<String> supported(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.strip()).getLanguage();
        return supported.contains(language) ? Optional.of(language) : Optional.empty();
    }

    /** @param acceptable the browser's languages, most wanted first (JAX-RS orders Accept-Language by quality) */
    public String choose(String asked, List<Locale> acceptable) {
        return supported(asked)
                .or(() -> acceptable.stream().map(locale -> supported(locale.toLanguageTag())).flatMap(Optional::stream).findFirst())
                .orElse(supported.get(0));
    }

    public PageMessages messages(String language) {
        return MessageBundles.get(PageMessages.class, Localized.Literal.of(language));
    }

    /** A date and time as people of that language write it, in UTC, said so. */
    public String dateTime(Instant instant, String language) {
        return Times.format(instant, Locale.forLanguageTag(language));
    }
}
