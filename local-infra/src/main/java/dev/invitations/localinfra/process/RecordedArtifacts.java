package dev.invitations.localinfra.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Artifacts that are not libraries (Keycloak's distribution zip, Zipkin's exec jar): Maven fetches them into the local
 * repository, and the build writes each one's path into a resource of this jar, which is read here.
 */
public final class RecordedArtifacts {

    private RecordedArtifacts() {
    }

    /**
     * @param resource the resource the build wrote the path into
     * @param what     the artifact, for the message when it is missing
     */
    public static Path path(String resource, String what) throws IOException {
        URL url = RecordedArtifacts.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is missing: build local-infra with Maven");
        }
        String recorded;
        try (InputStream in = url.openStream()) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        Path path = Path.of(recorded);
        if (recorded.isEmpty() || !Files.isRegularFile(path)) {
            throw new IllegalStateException(what + " " + recorded + " does not exist; rebuild local-infra, which fetches"
                    + " it: mvn -pl local-infra -am install -DskipTests");
        }
        return path;
    }
}
