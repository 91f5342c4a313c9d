package dev.invitations.endtoend.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's scripts start a Java class by name from a module's classes: a class that moves without its script
 * would only show when a newcomer runs it. Each named class must exist in the module whose classes the script puts
 * on the class path.
 */
class ScriptsTest {

    /** {@code exec java -cp "<classes>:..." <class>}, the classes written out or as a variable the script sets. */
    private static final Pattern LAUNCH = Pattern.compile("exec java -cp \"([^:\"]+):.*\" ([a-z][\\w.]*\\.[A-Z]\\w*) \"\\$@\"");
    private static final Pattern MODULE_CLASSES = Pattern.compile("([a-z-]+)/target/classes");

    @Test
    void everyScriptStartsAClassOfTheModuleItBuilds() throws IOException {
        Path root = ServiceConfiguration.repositoryRoot();
        List<String> launches = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(root)) {
            for (Path script : scripts.filter(path -> path.toString().endsWith(".sh")).sorted().toList()) {
                String text = Files.readString(script);
                Matcher launch = LAUNCH.matcher(text);
                while (launch.find()) {
                    String classes = launch.group(1);
                    if (classes.startsWith("$")) {
                        Matcher assignment = Pattern.compile("(?m)^" + Pattern.quote(classes.substring(1)) + "=(\\S+)$").matcher(text);
                        assertTrue(assignment.find(), script.getFileName() + " never sets " + classes);
                        classes = assignment.group(1);
                    }
                    Matcher module = MODULE_CLASSES.matcher(classes);
                    assertTrue(module.matches(), script.getFileName() + " runs classes from " + classes + ", not a module's");
                    Path source = root.resolve(module.group(1)).resolve("src/main/java")
                            .resolve(launch.group(2).replace('.', '/') + ".java");
                    assertTrue(Files.isRegularFile(source), script.getFileName() + " starts " + launch.group(2)
                            + ", which module " + module.group(1) + " does not have");
                    launches.add(script.getFileName().toString());
                }
            }
        }
        assertFalse(launches.isEmpty(), "no script starts a class: the pattern no longer matches the scripts");
        assertTrue(launches.containsAll(List.of("run-local.sh", "demo.sh", "run-benchmarks.sh", "redrive-dead-letters.sh",
                "send-command.sh")), "every README script is checked: " + launches);
    }
}
