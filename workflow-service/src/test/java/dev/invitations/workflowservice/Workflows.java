package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example workflow of the repository, and ways to register it. */
public final class Workflows {

    static final Path EXAMPLE = Path.of("examples/welcome-webhook.yaml");
    private static final String EXAMPLE_URI = "https://hooks.example.com/portal/welcome";
    private static final String EXAMPLE_NAME = "name: welcome-webhook";
    /** REST Assured sends bodies of media types it does not know only if told they are text. */
    private static final RestAssuredConfig YAML_AS_TEXT = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT));

    static String example() {
        try {
            return Files.readString(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example calling {@code endpoint} instead of the portal's. The engine knows a definition by its document name
     * and version, so each test workflow gets a name of its own.
     */
    static String exampleCalling(String endpoint, String documentName) {
        return example().replace(EXAMPLE_URI, endpoint).replace(EXAMPLE_NAME, "name: " + documentName);
    }

    /** Registers a one-step workflow ({@code set}, no outside call) under a fresh id made from {@code prefix}. */
    public static String registeredSetWorkflow(String prefix) {
        String id = WorkflowRegistrationTest.uniqueId(prefix);
        register(id, """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                do:
                  - mark:
                      set:
                        marked: true
                """.formatted(id)).statusCode(201);
        return id;
    }

    public static ValidatableResponse register(String id, String yaml) {
        return asStaff().config(YAML_AS_TEXT).contentType("application/yaml").body(yaml).put("/workflows/{id}", id).then().log().ifValidationFails();
    }

    private Workflows() {
    }
}
