package dev.invitations.endtoend.deployment;

import static dev.invitations.endtoend.deployment.Descriptors.APPLICATIONS;
import static dev.invitations.endtoend.deployment.Descriptors.SERVICES;
import static dev.invitations.endtoend.deployment.Descriptors.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.localinfra.postgres.DatabaseRoles;
import dev.invitations.localinfra.system.LocalSystem;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is read: every service the system needs and
 * portal-web are in it, each on its own port and health-checked there, started after what it needs, and configured
 * only with variables that it really reads, including every setting the local run gives it; Keycloak imports the realm
 * of the local run, its issuer is one the services accept, it lets portal-web's sign-in return to the page the emails
 * link to and mails through the server notification-service uses; Kafka authenticates and authorizes as the local
 * broker does and each service logs in as itself; and every secret comes from the environment.
 */
class ComposeFileTest {

    private static final List<String> INFRASTRUCTURE = List.of("postgres", "kafka", "mailpit", "keycloak");
    private static final Path SECRETS_SCRIPT = ServiceConfiguration.repositoryRoot().resolve("deploy/compose-secrets.sh");
    /** {@code ${NAME:?message}}: Compose refuses to start while NAME is unset or empty. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?[^}]*}");
    private static final String SCRIPTS_VOLUME = "./deploy/kafka:" + KafkaLogins.SCRIPTS_MOUNT + ":ro";
    /** A REST client's URL setting, which names the application it calls. */
    private static final Pattern REST_CLIENT_URL = Pattern.compile("QUARKUS_REST_CLIENT_[A-Z0-9_]+_URL");

    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() {
        services = Descriptors.document(ServiceConfiguration.repositoryRoot().resolve("docker-compose.yml"))
                .path("services");
    }

    @Test
    void everyServiceAndTheInfrastructureIsAComposeService() {
        List<String> expected = new ArrayList<>(INFRASTRUCTURE);
        expected.addAll(APPLICATIONS);
        assertAll(expected.stream().map(name -> () -> assertTrue(services.has(name), "no compose service " + name)));
    }

    /** Compose builds nothing: jib builds the images at package time, under the names the Deployments run. */
    @Test
    void eachServiceRunsTheImageJibBuildsAndItsKubernetesDeploymentRuns() {
        for (String module : APPLICATIONS) {
            assertTrue(services.path(module).path("build").isMissingNode(), module + " is built by jib, not by Compose");
            assertEquals(Descriptors.image(module), services.path(module).path("image").asText(), module + " image name");
            JsonNode deployment = Descriptors.documents(Descriptors.generatedManifest(module)).stream()
                    .filter(resource -> resource.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
            assertEquals(Descriptors.image(module), deployment.path("spec").path("template").path("spec")
                    .path("containers").path(0).path("image").asText(), module + " Kubernetes runs the same image");
        }
    }

    @Test
    void eachServiceIsPublishedAndHealthCheckedForReadinessOnItsHttpPort() {
        for (String module : APPLICATIONS) {
            int port = ServiceConfiguration.of(module).httpPort();
            JsonNode service = services.path(module);
            assertTrue(texts(service.path("ports")).contains(port + ":" + port),
                    module + " publishes " + service.path("ports") + ", not " + port + ":" + port);
            assertEquals(String.valueOf(port), environment(module).get("QUARKUS_HTTP_PORT"), module + " HTTP port");
            String healthCheck = String.join(" ", texts(service.path("healthcheck").path("test")));
            assertTrue(healthCheck.contains("http://localhost:" + port + "/q/health/ready"),
                    module + " health check " + healthCheck + " does not ask /q/health/ready on port " + port);
        }
    }

    @Test
    void servicesStartOnlyOnceWhatTheyNeedIsHealthy() {
        for (String module : SERVICES) {
            JsonNode dependsOn = services.path(module).path("depends_on");
            assertEquals("service_healthy", dependsOn.path("postgres").path("condition").asText(), module + " after postgres");
            assertEquals("service_completed_successfully", dependsOn.path("kafka-init").path("condition").asText(),
                    module + " after the topics exist");
        }
        for (String module : APPLICATIONS) {
            assertEquals("service_healthy", services.path(module).path("depends_on").path("keycloak").path("condition")
                    .asText(), module + " after the realm is imported: it fetches the realm's keys at start");
            environment(module).forEach((variable, value) -> {
                if (REST_CLIENT_URL.matcher(variable).matches()) {
                    String called = Descriptors.addressIn(variable, value).orElseThrow().host();
                    assertEquals("service_healthy", services.path(module).path("depends_on").path(called)
                            .path("condition").asText(), module + " calls " + called + " (" + variable + ")");
                }
            });
        }
        assertEquals("service_healthy", services.path("kafka-init").path("depends_on").path("kafka").path("condition").asText());
        assertEquals("service_healthy", services.path("notification-service").path("depends_on").path("mailpit")
                .path("condition").asText(), "notification-service after its SMTP server");
        for (String infrastructure : INFRASTRUCTURE) {
            assertTrue(services.path(infrastructure).has("healthcheck"), infrastructure + " has no health check");
        }
    }

    @Test
    void everyEnvironmentVariableIsAConfigurationKeyTheServiceReads() {
        List<Executable> checks = new ArrayList<>();
        for (String module : APPLICATIONS) {
            ServiceConfiguration configuration = ServiceConfiguration.of(module);
            for (String variable : environment(module).keySet()) {
                checks.add(() -> configuration.problemWith(variable).ifPresent(problem -> {
                    throw new AssertionError("docker-compose.yml, " + module + ": " + problem);
                }));
            }
        }
        assertAll(checks);
    }

    /**
     * Naming the OTLP endpoint is what turns a service's tracing on (tracing-support's TracingSwitch): each service names
     * Jaeger's, which receives OTLP, and nothing turns the SDK off again.
     */
    @Test
    void eachServiceAndPortalWebExportTheirTracesToJaegerOverOtlp() {
        assertEquals("true", environment("jaeger").get("COLLECTOR_OTLP_ENABLED"));
        for (String module : APPLICATIONS) {
            Map<String, String> environment = environment(module);
            assertEquals("http://jaeger:4317", environment.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"), module);
            assertFalse(environment.containsKey("QUARKUS_OTEL_SDK_DISABLED"), module + " turns tracing off");
        }
    }

    @Test
    void eachServiceGetsEverySettingTheLocalRunGivesIt() {
        for (String module : APPLICATIONS) {
            Set<String> missing = new TreeSet<>(ServiceConfiguration.of(module).localRunVariables());
            missing.removeAll(environment(module).keySet());
            assertEquals(Set.of(), missing, "docker-compose.yml, " + module + " lacks what the local run sets");
        }
    }

    @Test
    void everyAddressInTheConfigurationIsAComposeServiceAndAServiceHttpPort() {
        for (String module : APPLICATIONS) {
            environment(module).forEach((variable, value) -> Descriptors.addressIn(variable, value).ifPresent(address -> {
                assertTrue(services.has(address.host()),
                        module + " " + variable + "=" + value + " names " + address.host() + ", not a compose service");
                if (APPLICATIONS.contains(address.host())) {
                    assertEquals(ServiceConfiguration.of(address.host()).httpPort(), address.port(),
                            module + " " + variable + " names another port than " + address.host() + "'s");
                }
            }));
        }
        assertEquals("kafka:9092", environment("invitation-service").get("KAFKA_BOOTSTRAP_SERVERS"));
        assertTrue(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()
                .contains("//kafka:9092"), "the broker advertises the address the services bootstrap from");
    }

    @Test
    void eachServiceLogsInAsItsOwnRoleThatPostgresIsCreatedWith() {
        Map<String, String> postgres = environment("postgres");
        assertTrue(texts(services.path("postgres").path("volumes")).contains(
                "./deploy/postgres/create-service-roles.sh:/docker-entrypoint-initdb.d/10-create-service-roles.sh:ro"),
                "the script that creates each service's login runs on PostgreSQL's first start");
        assertEquals("PORTAL_DB_OWNER_PASSWORD", requiredVariable(postgres.get("POSTGRES_PASSWORD")), "the owner's password from .env");
        for (String module : SERVICES) {
            Map<String, String> environment = environment(module);
            String password = Descriptors.databasePasswordVariable(module);
            assertEquals(DatabaseRoles.username(module), environment.get("QUARKUS_DATASOURCE_USERNAME"), module);
            assertEquals(password, requiredVariable(environment.get("QUARKUS_DATASOURCE_PASSWORD")), module);
            assertEquals(environment.get("QUARKUS_DATASOURCE_PASSWORD"), postgres.get(password),
                    "PostgreSQL creates " + module + "'s login with the password the service is given");
            String database = "postgres:5432/" + postgres.get("POSTGRES_DB");
            assertEquals("jdbc:postgresql://" + database, environment.get("QUARKUS_DATASOURCE_JDBC_URL"), module);
            assertEquals("postgresql://" + database, environment.get("QUARKUS_DATASOURCE_REACTIVE_URL"), module);
        }
    }

    @Test
    void theBrokerAuthenticatesEveryClientAndAuthorizesEveryRequestWithTheLoginsOfDotEnv() {
        JsonNode kafka = services.path("kafka");
        Map<String, String> environment = environment("kafka");
        KafkaLogins.assertBrokerAuthenticatesAndAuthorizes(environment, "docker-compose.yml kafka");
        assertEquals(List.of(KafkaLogins.SCRIPTS_MOUNT + "/" + KafkaLogins.START_BROKER), texts(kafka.path("command")),
                "the broker is started with the logins written into its storage");
        assertTrue(texts(kafka.path("volumes")).contains(SCRIPTS_VOLUME), "mounts deploy/kafka: " + kafka.path("volumes"));
        for (String login : KafkaLogins.logins()) {
            String variable = KafkaLogins.passwordVariable(login);
            assertEquals(variable, requiredVariable(environment.get(variable)), "the password of " + login + " comes from .env");
        }
    }

    @Test
    void eachServiceLogsInToKafkaAsItsOwnPrincipalWithThePasswordTheBrokerHasForIt() {
        KafkaCredentials broker = KafkaLogins.credentials(environment("kafka"));
        for (String module : SERVICES) {
            KafkaLogins.assertLogsInAsItself(module, environment(module), broker, "docker-compose.yml");
        }
    }

    @Test
    void kafkaInitCreatesTheTopicsAndAclsAsAdminBeforeAnyServiceStarts() {
        JsonNode init = services.path("kafka-init");
        assertEquals(List.of(KafkaLogins.SCRIPTS_MOUNT + "/" + KafkaLogins.CREATE_TOPICS_AND_ACLS,
                        environment("invitation-service").get("KAFKA_BOOTSTRAP_SERVERS")), texts(init.path("command")),
                "kafka-init runs deploy/kafka's script against the broker the services use");
        assertTrue(texts(init.path("volumes")).contains(SCRIPTS_VOLUME), "mounts deploy/kafka: " + init.path("volumes"));
        String admin = KafkaLogins.passwordVariable(KafkaCredentials.ADMIN);
        assertEquals(environment("kafka").get(admin), environment("kafka-init").get(admin), "logs in as admin");
    }

    @Test
    void keycloakImportsTheRealmOfTheLocalRunWithEverySecretItsPlaceholdersRead() {
        JsonNode keycloak = services.path("keycloak");
        assertEquals("quay.io/keycloak/keycloak:" + Descriptors.keycloakVersion(), keycloak.path("image").asText(),
                "the Keycloak release local-infra runs");
        assertTrue(texts(keycloak.path("command")).contains("--import-realm"), "imports the realm at start");
        assertTrue(texts(keycloak.path("volumes")).contains("./deploy/keycloak/portal-realm.json:"
                        + Descriptors.KEYCLOAK_IMPORT_DIRECTORY + "/portal-realm.json:ro"),
                "mounts deploy/keycloak/portal-realm.json, the realm file of the local run: " + keycloak.path("volumes"));
        Map<String, String> environment = environment("keycloak");
        for (String variable : Descriptors.realmVariablesWithoutDefault()) {
            assertTrue(environment.containsKey(variable), "the realm's ${" + variable + "} placeholder has no value");
            assertEquals(variable, requiredVariable(environment.get(variable)),
                    "keycloak " + variable + " comes from the environment (.env), never from this file");
        }
        assertEquals(requiredVariable(environment.get("KC_BOOTSTRAP_ADMIN_PASSWORD")), "KEYCLOAK_ADMIN_PASSWORD");
    }

    @Test
    void keycloakMailsRegistrantsThroughMailpitLikeNotificationService() {
        Descriptors.assertRealmMailsThroughTheServerOf(environment("notification-service"), environment("keycloak"),
                "docker-compose.yml");
    }

    /**
     * The emails link to the page on the host's port portal-web is published on, which the realm lets portal-web's
     * sign-in return to; the page is served over http, so portal-web's cookies do without Secure.
     */
    @Test
    void theEmailsLinkToPortalWebOnTheHostWhereTheRealmLetsItsSignInReturn() {
        URI page = Descriptors.assertEmailsLinkToPortalWeb(environment("notification-service"), environment(WEB),
                environment("keycloak"), "docker-compose.yml");
        assertEquals(LocalSystem.redemptionPage(ServiceConfiguration.of(WEB).httpPort()), page,
                "the page as the host's browser reaches portal-web, published on its own port");
    }

    @Test
    void aTokenFetchedFromTheHostValidatesInTheServicesThatReachKeycloakByItsServiceName() {
        Map<String, String> keycloak = environment("keycloak");
        String port = keycloak.get("KC_HTTP_PORT");
        String hostname = keycloak.get("KC_HOSTNAME");
        assertTrue(texts(services.path("keycloak").path("ports")).contains(port + ":" + port),
                "Keycloak is published on the host on its own port " + port);
        assertEquals("http://localhost:" + port, hostname,
                "the issuer is the host's address, whatever name a request uses (a full URL, for the back channel)");
        assertEquals("true", keycloak.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC"),
                "the services are told the token and key endpoints under the name they asked by, keycloak");
        for (String module : APPLICATIONS) {
            Map<String, String> environment = environment(module);
            assertEquals("http://keycloak:" + port + "/realms/" + IdentityProvider.REALM,
                    environment.get("QUARKUS_OIDC_AUTH_SERVER_URL"), module);
            assertEquals(hostname + "/realms/" + IdentityProvider.REALM, environment.get("QUARKUS_OIDC_TOKEN_ISSUER"),
                    module + " expects the issuer Keycloak writes into tokens");
        }
    }

    @Test
    void eachServiceTakesItsOwnClientSecretAndOnlyTheCodeKeysItNeedsFromTheEnvironment() {
        Map<String, String> keycloak = environment("keycloak");
        for (String module : APPLICATIONS) {
            Map<String, String> environment = environment(module);
            if (!Descriptors.OWN_CLIENT_LOGINS.contains(module)) {
                assertFalse(environment.containsKey("PORTAL_OIDC_CLIENT_SECRET"), module + " calls no service: it gets no client secret");
                continue;
            }
            String variable = IdentityProvider.secretVariable(module);
            assertEquals(variable, requiredVariable(environment.get("PORTAL_OIDC_CLIENT_SECRET")),
                    module + " logs in as its own client, with the secret Keycloak's realm import gets");
            assertEquals(keycloak.get(variable), environment.get("PORTAL_OIDC_CLIENT_SECRET"), module);
        }
        Descriptors.CODE_KEYS.forEach((module, expected) -> {
            Map<String, String> environment = environment(module);
            Set<String> given = Descriptors.codeKeysIn(environment);
            assertEquals(new TreeSet<>(expected), given, module + "'s code keys");
            given.forEach(name -> assertEquals(name, requiredVariable(environment.get(name)), module + " " + name));
        });
        assertEquals(Descriptors.WEB_SESSION_KEY, requiredVariable(environment(WEB).get(Descriptors.WEB_SESSION_KEY)),
                "portal-web's session key comes from the environment (.env), never from this file");
    }

    @Test
    void theSecretsScriptWritesEveryVariableTheComposeFileRequires() throws IOException {
        Set<String> required = new TreeSet<>();
        Matcher reference = REQUIRED_VARIABLE.matcher(Files.readString(
                ServiceConfiguration.repositoryRoot().resolve("docker-compose.yml")));
        while (reference.find()) {
            required.add(reference.group(1));
        }
        Set<String> written = new TreeSet<>();
        Matcher assignment = Pattern.compile("^([A-Z][A-Z0-9_]*)=\\$\\(", Pattern.MULTILINE)
                .matcher(Files.readString(SECRETS_SCRIPT));
        while (assignment.find()) {
            written.add(assignment.group(1));
        }
        assertEquals(required, written, SECRETS_SCRIPT + " writes what docker-compose.yml requires");
        assertTrue(Files.isExecutable(SECRETS_SCRIPT), SECRETS_SCRIPT + " is executable");
    }

    /** The code keys and portal-web's session key: the services and portal-web accept no other length. */
    @Test
    void theSecretsScriptWritesEachKeyAs32BytesInBase64(@TempDir Path directory) throws IOException, InterruptedException {
        Process script = new ProcessBuilder("sh", SECRETS_SCRIPT.toString()).directory(directory.toFile())
                .redirectErrorStream(true).start();
        String output = new String(script.getInputStream().readAllBytes());
        assertEquals(0, script.waitFor(), SECRETS_SCRIPT + " failed: " + output);
        Map<String, String> written = new LinkedHashMap<>();
        for (String line : Files.readAllLines(directory.resolve(".env"))) {
            String[] nameAndValue = line.split("=", 2);
            if (!line.startsWith("#") && nameAndValue.length == 2) {
                written.put(nameAndValue[0], nameAndValue[1]);
            }
        }
        Set<String> keys = new TreeSet<>();
        Descriptors.CODE_KEYS.values().forEach(keys::addAll);
        keys.add(Descriptors.WEB_SESSION_KEY);
        for (String key : keys) {
            assertTrue(written.containsKey(key), SECRETS_SCRIPT + " writes no " + key);
            assertTrue(Descriptors.is32BytesOfBase64(written.get(key)), key + " is 32 bytes in standard base64: " + written.get(key));
        }
    }

    /** The variable a {@code ${NAME:?message}} value requires, or null if the value is something else. */
    private static String requiredVariable(String value) {
        Matcher required = REQUIRED_VARIABLE.matcher(value == null ? "" : value);
        return required.matches() ? required.group(1) : null;
    }

    /** Every topic name of the event contract: the outbox relays publish to these. */
    static Set<String> contractTopics() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        return topics;
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = services.path(service).path("environment");
        if (node.isArray()) {
            node.forEach(entry -> {
                String[] nameAndValue = entry.asText().split("=", 2);
                environment.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
            });
        } else {
            node.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        }
        return environment;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> texts.add(element.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
