package dev.invitations.endtoend.deployment;

import static dev.invitations.endtoend.deployment.Descriptors.APPLICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest an operator applies is valid against the Kubernetes API's schemas: the generated ones of each
 * application, the shared Secrets and dev-infrastructure. kubectl cannot tell without a cluster (even
 * {@code apply --dry-run=client} asks the API server for its resource types), so deploy/kubernetes/validate does it
 * offline with the schemas of the npm package kubernetes-models. A machine without Node.js or without that package
 * fails here, never skips: ./run-tests.sh installs both.
 */
class ManifestSchemaTest {

    private static final Path ROOT = ServiceConfiguration.repositoryRoot();
    private static final Path VALIDATOR = ROOT.resolve("deploy/kubernetes/validate");

    @Test
    void everyManifestAnOperatorAppliesIsValidAgainstTheKubernetesSchemas() throws IOException, InterruptedException {
        assertTrue(Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models")),
                "The validator's packages are not installed: npm ci --prefix deploy/kubernetes/validate "
                        + "(./run-tests.sh does it, and installs Node.js with apt-get when absent)");
        List<String> command = new ArrayList<>(List.of("node", VALIDATOR.resolve("validate.mjs").toString()));
        for (String module : APPLICATIONS) {
            command.add(Descriptors.generatedManifest(module).toString());
        }
        for (String directory : List.of("deploy/kubernetes/secrets", "deploy/kubernetes/dev-infrastructure")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(directory))) {
                files.map(Path::toString).filter(name -> name.endsWith(".yaml") && !name.endsWith("kustomization.yaml"))
                        .sorted().forEach(command::add);
            }
        }
        Process validation;
        try {
            validation = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("Node.js is not installed: apt-get install nodejs npm (./run-tests.sh does it)", e);
        }
        String output = new String(validation.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(validation.waitFor(2, TimeUnit.MINUTES), "the validator did not finish");
        assertEquals(0, validation.exitValue(), output);
    }
}
