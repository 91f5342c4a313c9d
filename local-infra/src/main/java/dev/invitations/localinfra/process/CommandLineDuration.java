package dev.invitations.localinfra.process;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration as people type it on the command lines of the project's tools: {@code 500ms}, {@code 90s}, {@code 5m},
 * {@code 1h}, or ISO-8601 ({@code PT30M}). Zero and negative durations are refused: every tool uses one as a limit.
 */
public final class CommandLineDuration implements ITypeConverter<Duration> {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,7})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Duration duration = parse(value.trim());
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("not a duration like 90s, 30m or 1h: " + value);
        }
        return duration;
    }

    private static Duration parse(String value) {
        if (value.regionMatches(true, 0, "PT", 0, 2)) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                return null;
            }
        }
        Matcher matcher = SHORT_FORM.matcher(value);
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
