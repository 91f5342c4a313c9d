package dev.invitations.portalweb;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LanguagesTest {

    private final Languages languages = new Languages(new PortalWebConfig() {
        @Override
        public Session session() {
            throw new UnsupportedOperationException("Languages has no use for the session");
        }

        @Override
        public List<String> languages() {
            return List.of("en", "de");
        }
    });

    @Test
    void theLanguageTheLinkAskedForWinsOverTheBrowsers() {
        assertEquals("de", languages.choose("de", List.of(Locale.ENGLISH)));
    }

    @Test
    void withoutOneTheBrowsersFirstLanguageThatThePagesHaveIsChosen() {
        assertEquals("de", languages.choose(null, List.of(Locale.FRENCH, Locale.forLanguageTag("de-AT"), Locale.ENGLISH)));
    }

    @Test
    void aRegionalOrUpperCaseTagMeansItsLanguage() {
        assertAll(
                () -> assertEquals(Optional.of("de"), languages.supported("de-AT")),
                () -> assertEquals(Optional.of("de"), languages.supported("DE")),
                () -> assertEquals("de", languages.choose("de-CH", List.of())));
    }

    @Test
    void anUnsupportedLanguageFallsBackToTheFirstConfigured() {
        assertAll(
                () -> assertEquals(Optional.empty(), languages.supported("fr")),
                () -> assertEquals("en", languages.choose("fr", List.of(Locale.forLanguageTag("es"), Locale.JAPANESE))),
                () -> assertEquals("en", languages.choose(null, List.of())));
    }

    @Test
    void anOverLongTagIsIgnoredEvenWhenItNamesASupportedLanguage() {
        String overLong = "de-AT-x-" + "abcdefgh-".repeat(3) + "abcdefgh";

        assertAll(
                () -> assertTrue(overLong.length() > 35, overLong),
                () -> assertEquals(Optional.empty(), languages.supported(overLong)),
                () -> assertEquals("en", languages.choose(overLong, List.of())));
    }

    @Test
    void aDateIsWrittenAsThePagesLanguageWritesDatesInUtc() {
        Instant expiry = Instant.parse("2026-03-01T09:30:00Z");

        assertAll(
                () -> assertTrue(languages.dateTime(expiry, "en").startsWith("March 1, 2026"), languages.dateTime(expiry, "en")),
                () -> assertTrue(languages.dateTime(expiry, "de").startsWith("1. März 2026"), languages.dateTime(expiry, "de")),
                () -> assertTrue(languages.dateTime(expiry, "de").endsWith("09:30 UTC"), languages.dateTime(expiry, "de")));
    }
}
