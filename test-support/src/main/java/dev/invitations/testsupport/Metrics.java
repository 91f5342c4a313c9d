package dev.invitations.testsupport;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.OptionalDouble;

/** A service's metrics as an operator's scraper reads them: {@code /q/metrics}, Prometheus text, no token. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The value of the series {@code name} whose labels include {@code labels}, or empty when the service does not
     * expose it (yet).
     */
    public static OptionalDouble value(String name, Map<String, String> labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
                .mapToDouble(Metrics::sampleValue)
                .findFirst();
    }

    /** {@code name{labels} value}, where an exemplar ({@code # {trace_id=...} value timestamp}) may follow the value. */
    private static double sampleValue(String line) {
        int exemplar = line.indexOf(" # ");
        String sample = exemplar < 0 ? line : line.substring(0, exemplar);
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }
}
