package dev.invitations.testsupport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The metrics {@code docs/metrics.md} promises, checked against what a service serves at {@code /q/metrics}, so that
 * the page cannot drift from the code: a renamed meter, a dropped tag or a documented series nobody registers fails
 * the service's test.
 *
 * <p>The page has a section per application ({@code ## invitation-service}) and one that every service shares
 * ({@value #EVERY_SERVICE}); each lists series in a table whose first cell is the series as a scraper sees it, in
 * backticks: {@code `name`} or {@code `name{tag="value"}`}. A timer or summary is documented by its base name and is
 * exposed as {@code name_count}, {@code name_sum} and {@code name_max}.
 */
public final class DocumentedMetrics {

    public static final String EVERY_SERVICE = "Every service";
    private static final Path PAGE = Path.of("docs", "metrics.md");
    private static final Pattern SERIES_CELL = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)(\\{[^`]*})?`\\s*\\|");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private static final List<String> SAMPLE_SUFFIXES = List.of("", "_count", "_sum", "_max", "_bucket");

    /** One documented series: its name and the tag values it must carry (others may be there too). */
    public record Series(String name, Map<String, String> labels) {

        boolean exposedIn(List<String> samples) {
            return samples.stream().anyMatch(this::matches);
        }

        private boolean matches(String sample) {
            int end = sample.indexOf('{');
            String sampleName = end < 0 ? sample.substring(0, Math.max(0, sample.indexOf(' '))) : sample.substring(0, end);
            if (SAMPLE_SUFFIXES.stream().noneMatch(suffix -> sampleName.equals(name + suffix))) {
                return false;
            }
            return labels.entrySet().stream().allMatch(label -> sample.contains(label.getKey() + "=\"" + label.getValue() + "\""));
        }

        @Override
        public String toString() {
            return labels.isEmpty() ? name : name + labels;
        }
    }

    private DocumentedMetrics() {
    }

    /** The series the page documents for {@code application}: its own section and, for a service, the shared one. */
    public static List<Series> of(String application, boolean sharedSection) {
        List<String> lines = read(page());
        List<Series> series = new ArrayList<>();
        String section = null;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
                continue;
            }
            boolean wanted = application.equals(section) || (sharedSection && EVERY_SERVICE.equals(section));
            Matcher cell = SERIES_CELL.matcher(line);
            if (wanted && cell.find()) {
                series.add(new Series(cell.group(1), labels(cell.group(2))));
            }
        }
        if (series.isEmpty()) {
            throw new IllegalStateException(page() + " documents no metric for " + application + " (a section \"## "
                    + application + "\" with a table of `series`)");
        }
        return series;
    }

    /**
     * Waits until the application under test serves every series documented for it; fails naming the ones missing.
     * Call it after the test made the application do the work that registers them.
     */
    public static void assertAllExposed(String application, boolean sharedSection, Duration deadline) {
        List<Series> documented = of(application, sharedSection);
        List<Series> missing = new ArrayList<>(documented);
        try {
            await().atMost(deadline).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<String> samples = samples();
                missing.removeIf(series -> series.exposedIn(samples));
                return missing.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            Path exposed = Path.of("target", "metrics-" + application + ".txt");
            write(exposed, String.join("\n", samples()));
            throw new AssertionError(application + " does not expose at /q/metrics what " + PAGE + " documents for it: "
                    + missing + " (of " + documented.size() + " documented series; what it exposes is in " + exposed + ")", e);
        }
    }

    private static List<String> samples() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
    }

    private static Map<String, String> labels(String braces) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (braces != null) {
            Matcher label = LABEL.matcher(braces);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }

    /** Tests run in their module's directory; the page is at the repository's root. */
    private static Path page() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve(PAGE))) {
                return directory.resolve(PAGE);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(PAGE + " not found above " + Path.of("").toAbsolutePath());
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
