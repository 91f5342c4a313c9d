package dev.invitations.localinfra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Keycloak home of one run: {@code data/} of its own (H2 database, realm import, transaction logs), everything else
 * linked to the shared, built installation. Keycloak finds its build ({@code lib/quarkus}), themes, providers and
 * configuration under {@code kc.home.dir}, and its data there too.
 */
public final class RunHome {

    private static final List<String> SHARED = List.of("bin", "conf", "lib", "providers", "themes");

    private RunHome() {
    }

    public static void link(Path run, Path installation) throws IOException {
        for (String name : SHARED) {
            Files.createSymbolicLink(run.resolve(name), installation.resolve(name));
        }
        Files.createDirectories(run.resolve("data"));
    }
}
