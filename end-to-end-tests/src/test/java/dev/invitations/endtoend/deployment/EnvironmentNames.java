package dev.invitations.endtoend.deployment;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MicroProfile Config's environment variable rule, which SmallRye Config and so Quarkus follow: a property is found
 * in an environment variable named after it with every character that is not a letter or a digit replaced by
 * {@code _}, in upper case ({@code quarkus.datasource.jdbc.url} is {@code QUARKUS_DATASOURCE_JDBC_URL}).
 */
final class EnvironmentNames {

    private EnvironmentNames() {
    }

    /** The variable that sets {@code key}, a property name without wildcards. */
    static String of(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * The variables that set a property of a name pattern as SmallRye Config writes them: {@code *} stands for one
     * map key (any name, which becomes one or more {@code _}-separated words), {@code [*]} for a list index.
     */
    static Pattern patternOf(String key) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            if (key.startsWith("[*]", i)) {
                regex.append("_[0-9]+_");
                i += 2;
            } else if (key.charAt(i) == '*') {
                regex.append("[A-Z0-9_]+");
            } else {
                regex.append(Pattern.quote(of(String.valueOf(key.charAt(i)))));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
