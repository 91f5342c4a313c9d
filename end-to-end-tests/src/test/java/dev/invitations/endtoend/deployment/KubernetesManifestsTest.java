package dev.invitations.endtoend.deployment;

import static dev.invitations.endtoend.deployment.Descriptors.APPLICATIONS;
import static dev.invitations.endtoend.deployment.Descriptors.SERVICES;
import static dev.invitations.endtoend.deployment.Descriptors.WEB;
import static dev.invitations.endtoend.deployment.Descriptors.texts;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.localinfra.postgres.DatabaseRoles;
import dev.invitations.localinfra.system.LocalSystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The manifests cannot be applied here (no cluster), so they are read: each application's, as quarkus-kubernetes
 * generates it at package time ({@code <module>/target/kubernetes/kubernetes.yml}: its configuration plus its
 * {@code src/main/kubernetes} fragment), the Secrets the applications share with the infrastructure
 * ({@code deploy/kubernetes/secrets}) and dev-infrastructure. Checked: a Deployment and a Service per service and for
 * portal-web on its HTTP port, probes on the health endpoints, resources, the restricted pod security profile,
 * NetworkPolicies that let in exactly the applications that call a service, configuration from Secrets whose every
 * variable the application reads, addresses that name Services of the manifests, Keycloak with the
 * realm of the local run, an issuer the services accept, the client secrets the services and portal-web use, redirects
 * to the portal's public origin the emails link to and mail through notification-service's SMTP relay, and Kafka
 * authenticating and authorizing as the local broker does, with each service logged in as itself.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = ServiceConfiguration.repositoryRoot().resolve("deploy/kubernetes");
    private static final Path DEV_INFRASTRUCTURE = MANIFESTS.resolve("dev-infrastructure");
    private static final Path SHARED_SECRETS = MANIFESTS.resolve("secrets");
    private static final Pattern PARTITIONS = Pattern.compile("--partitions (\\d+)");
    /** A reference to another variable in a value, {@code $(NAME)}, which Kubernetes substitutes. */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** Setting names that hold secrets; an issuer (QUARKUS_OIDC_TOKEN_ISSUER) is a public URL, not a token. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|CREDENTIAL|TOKEN(?!_ISSUER)|_KEY\\b).*");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JVM option that picks the garbage collector. */
    private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use\\w+GC");
    private static final Pattern MEMORY_QUANTITY = Pattern.compile("(\\d+)(Mi|Gi)");
    /**
     * What a service takes besides its heap at its peak, with room: about 190 MB of class metadata, symbols, compiled
     * code and class archive, then threads, direct buffers and malloc's arenas (docs/benchmarks.md, "Memory: every
     * service under 300 MB").
     */
    private static final long NON_HEAP_MIB = 256;

    private static List<JsonNode> services;
    private static List<JsonNode> infrastructure;

    @BeforeAll
    static void readManifests() throws IOException {
        services = new ArrayList<>();
        for (String module : APPLICATIONS) {
            services.addAll(Descriptors.documents(Descriptors.generatedManifest(module)));
        }
        try (Stream<Path> secrets = Files.list(SHARED_SECRETS)) {
            secrets.sorted().forEach(file -> services.addAll(Descriptors.documents(file)));
        }
        infrastructure = resourcesOf(DEV_INFRASTRUCTURE);
    }

    @Test
    void devInfrastructuresKustomizationListsExactlyTheManifestsBesideIt() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(DEV_INFRASTRUCTURE)) {
            files = new TreeSet<>(list.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList());
        }
        Set<String> listedFiles = new TreeSet<>(kustomizationResources(DEV_INFRASTRUCTURE));
        listedFiles.removeIf(resource -> !resource.endsWith(".yaml"));
        assertEquals(files, listedFiles, DEV_INFRASTRUCTURE + "/kustomization.yaml");
    }

    /** Each Secret is defined once: a second definition would silently win or lose depending on the order applied. */
    @Test
    void everySecretIsDefinedOnceWithPlaceholderValues() {
        Set<String> names = new TreeSet<>();
        for (JsonNode secret : ofKind(allResources(), "Secret")) {
            String name = secret.path("metadata").path("name").asText();
            assertTrue(names.add(name), "Secret " + name + " is defined twice");
            assertTrue(secret.path("data").isMissingNode(), name + " holds stringData only, readable placeholders");
        }
    }

    /** The restricted Pod Security Standard, which the src/main/kubernetes fragments add to what Quarkus generates. */
    @Test
    void everyApplicationRunsUnderTheRestrictedPodSecurityProfileWithAWritableTmp() {
        for (String module : APPLICATIONS) {
            JsonNode pod = resource(services, "Deployment", module).path("spec").path("template").path("spec");
            JsonNode container = container(resource(services, "Deployment", module));
            JsonNode security = container.path("securityContext");
            assertAll(module,
                    () -> assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), "runAsNonRoot"),
                    () -> assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type")
                            .asText(), "seccomp profile"),
                    () -> assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation"),
                    () -> assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem"),
                    () -> assertEquals(List.of("ALL"), texts(security.path("capabilities").path("drop")), "capabilities"),
                    () -> assertTrue(security.path("capabilities").path("add").isMissingNode(), "no capability added"),
                    () -> assertTrue(container.path("volumeMounts").findValuesAsText("mountPath").contains("/tmp"),
                            "the JVM's temporary files need a writable /tmp"));
        }
    }

    /**
     * A service's NetworkPolicy admits on its HTTP port exactly the applications whose REST clients call it (their
     * {@code QUARKUS_REST_CLIENT_<NAME>_URL} names it); portal-web, behind the cluster's ingress, admits anyone.
     */
    @Test
    void eachNetworkPolicyAdmitsExactlyTheApplicationsThatCallIt() {
        for (String module : APPLICATIONS) {
            JsonNode policy = resource(services, "NetworkPolicy", module).path("spec");
            assertEquals(module, policy.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText(),
                    module + "'s NetworkPolicy selects its pods");
            assertEquals(List.of("Ingress"), texts(policy.path("policyTypes")), module);
            JsonNode rule = policy.path("ingress").path(0);
            assertEquals(1, policy.path("ingress").size(), module + " has one ingress rule");
            assertEquals(List.of("http"), rule.path("ports").findValuesAsText("port"), module + " admits its HTTP port only");
            Set<String> admitted = new TreeSet<>(rule.path("from").findValuesAsText("app.kubernetes.io/name"));
            Set<String> callers = new TreeSet<>();
            for (String caller : APPLICATIONS) {
                environment(caller).forEach((variable, value) -> Descriptors.addressIn(variable, value)
                        .filter(address -> variable.startsWith("QUARKUS_REST_CLIENT_") && address.host().equals(module))
                        .ifPresent(address -> callers.add(caller)));
            }
            if (module.equals(WEB)) {
                assertTrue(rule.path("from").isMissingNode(), "portal-web admits the ingress, wherever it runs");
            } else {
                assertEquals(callers, admitted, module + "'s NetworkPolicy admits exactly its callers");
            }
        }
    }

    /** Kubernetes substitutes {@code $(NAME)} only from variables listed before it; Quarkus chooses the order. */
    @Test
    void everySubstitutedVariableIsDefinedBeforeTheVariableThatNamesIt() {
        for (String module : APPLICATIONS) {
            List<String> definedBefore = new ArrayList<>();
            for (JsonNode variable : container(resource(services, "Deployment", module)).path("env")) {
                Matcher reference = SUBSTITUTION.matcher(variable.path("value").asText());
                while (reference.find()) {
                    assertTrue(definedBefore.contains(reference.group(1)), module + " " + variable.path("name").asText()
                            + " names $(" + reference.group(1) + "), which is not defined before it");
                }
                definedBefore.add(variable.path("name").asText());
            }
        }
    }

    @Test
    void eachServiceHasADeploymentOfItsImageAndAServiceOnItsHttpPort() {
        for (String module : APPLICATIONS) {
            int port = ServiceConfiguration.of(module).httpPort();
            JsonNode deployment = resource(services, "Deployment", module);
            JsonNode container = container(deployment);
            assertEquals(Descriptors.image(module), container.path("image").asText(), module + " runs the image jib builds");
            assertEquals(port, httpContainerPort(container), module + " container port 'http'");
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            deployment.path("spec").path("selector").path("matchLabels").properties().forEach(label ->
                    assertEquals(label.getValue(), podLabels.path(label.getKey()), module + " selector matches its pods"));

            JsonNode service = resource(services, "Service", module);
            service.path("spec").path("selector").properties().forEach(label ->
                    assertEquals(label.getValue(), podLabels.path(label.getKey()), module + " Service selects its pods"));
            JsonNode servicePort = service.path("spec").path("ports").path(0);
            assertEquals(port, servicePort.path("port").asInt(), module + " Service port");
            assertEquals(port, servicePort.path("targetPort").asInt(), module + " Service targets the HTTP port");
        }
    }

    @Test
    void probesAskTheHealthEndpointsOnTheHttpPort() {
        Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        for (String module : APPLICATIONS) {
            JsonNode container = container(resource(services, "Deployment", module));
            probes.forEach((probe, path) -> {
                JsonNode httpGet = container.path(probe).path("httpGet");
                assertEquals(path, httpGet.path("path").asText(), module + " " + probe);
                assertEquals(ServiceConfiguration.of(module).httpPort(), httpGet.path("port").asInt(),
                        module + " " + probe + " port");
            });
        }
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndIsLimitedInMemory() {
        for (JsonNode workload : workloads()) {
            String name = workload.path("metadata").path("name").asText();
            for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
                JsonNode resources = container.path("resources");
                assertFalse(resources.path("requests").path("cpu").asText().isEmpty(), name + " CPU request");
                assertFalse(resources.path("requests").path("memory").asText().isEmpty(), name + " memory request");
                assertFalse(resources.path("limits").path("memory").asText().isEmpty(), name + " memory limit");
            }
        }
    }

    /**
     * The images run the JVM that the local run, the end-to-end tests and the benchmarks measure
     * ({@link LocalSystem#SERVICE_JVM_OPTIONS}): jib hands the options to the base image's run-java.sh, the collector as
     * GC_CONTAINER_OPTIONS (run-java.sh would add its own otherwise, and two stop the JVM), with as few malloc arenas.
     */
    @Test
    void theImagesRunTheJvmOfTheLocalRun() {
        Map<String, String> pom = rootPomProperties();
        List<String> imageOptions = List.of(pom.getOrDefault("quarkus.jib.jvm-additional-arguments", "").split(","));
        List<String> localOptions = LocalSystem.SERVICE_JVM_OPTIONS.stream()
                .filter(option -> !COLLECTOR.matcher(option).matches()).toList();
        assertEquals(localOptions, imageOptions, "quarkus.jib.jvm-additional-arguments");
        assertEquals(LocalSystem.SERVICE_JVM_OPTIONS.stream().filter(option -> COLLECTOR.matcher(option).matches()).toList(),
                List.of(pom.getOrDefault("quarkus.jib.environment-variables.GC_CONTAINER_OPTIONS", "")), "the collector");
        LocalSystem.SERVICE_MEMORY_ENVIRONMENT.forEach((variable, value) ->
                assertEquals(value, pom.get("quarkus.jib.environment-variables." + variable), variable));
    }

    /** The heap may grow to its maximum under load and the rest with it: the container's limit holds both. */
    @Test
    void eachApplicationsMemoryLimitHoldsItsLargestHeapAndTheRest() {
        long maximumHeap = LocalSystem.SERVICE_JVM_OPTIONS.stream().filter(option -> option.startsWith("-Xmx"))
                .map(option -> Long.parseLong(option.substring("-Xmx".length(), option.length() - 1)))
                .findFirst().orElseThrow(() -> new AssertionError("the services run without -Xmx"));
        for (String module : APPLICATIONS) {
            JsonNode limits = container(resource(services, "Deployment", module)).path("resources").path("limits");
            long limit = mebibytes(limits.path("memory").asText());
            assertTrue(limit >= maximumHeap + NON_HEAP_MIB, module + ": a limit of " + limit + " MiB does not hold "
                    + maximumHeap + " MiB of heap and " + NON_HEAP_MIB + " MiB beside it");
        }
    }

    /**
     * A variable that only feeds another one ({@code $(NAME)} in the other's value, which Kubernetes substitutes) is
     * no setting of its own; it exists to bring a secret into that value, so it must come from a Secret.
     */
    @Test
    void everyEnvironmentVariableIsAConfigurationKeyTheServiceReads() {
        List<Executable> checks = new ArrayList<>();
        for (String module : APPLICATIONS) {
            ServiceConfiguration configuration = ServiceConfiguration.of(module);
            Set<String> inputs = substitutionInputs(container(resource(services, "Deployment", module)));
            for (String variable : environment(module).keySet()) {
                checks.add(inputs.contains(variable)
                        ? () -> assertNotNull(secretReference(module, variable), module + " " + variable + " feeds another "
                                + "variable a secret, so it comes from a Secret")
                        : () -> configuration.problemWith(variable).ifPresent(problem -> {
                            throw new AssertionError("the generated manifests, " + module + ": " + problem);
                        }));
            }
        }
        assertAll(checks);
    }

    /**
     * Naming the OTLP endpoint is what turns a service's tracing on (tracing-support's TracingSwitch): each Deployment
     * names the development cluster's Jaeger, and nothing turns the SDK off again.
     */
    @Test
    void eachServiceAndPortalWebExportTheirTracesToJaegerOverOtlp() {
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
            assertEquals(Set.of(), missing, "the generated manifests, " + module + " lacks what the local run sets");
        }
    }

    @Test
    void databaseCredentialsComeFromASecretAndNoConfigMapHoldsASecret() {
        for (String module : SERVICES) {
            JsonNode envFrom = container(resource(services, "Deployment", module)).path("envFrom");
            Set<String> fromSecrets = new TreeSet<>();
            for (JsonNode source : envFrom) {
                if (source.has("secretRef")) {
                    fromSecrets.addAll(keys(resource(services, "Secret", source.path("secretRef").path("name").asText())));
                }
            }
            assertFalse(fromSecrets.contains("QUARKUS_DATASOURCE_PASSWORD"), module + " takes no shared database login");
            JsonNode password = secretReference(module, "QUARKUS_DATASOURCE_PASSWORD");
            assertNotNull(password, module + " reads its database password from a Secret");
            assertEquals("portal-database", password.path("name").asText(), module);
            assertEquals(Descriptors.databasePasswordVariable(module), password.path("key").asText(),
                    module + " logs in with its own password");
            assertEquals(DatabaseRoles.username(module), environment(module).get("QUARKUS_DATASOURCE_USERNAME"),
                    module + " logs in as its own role, which owns only its schema");
        }
        for (JsonNode configMap : ofKind(services, "ConfigMap")) {
            for (String key : keys(configMap)) {
                assertFalse(SECRET_NAME.matcher(key).matches(),
                        configMap.path("metadata").path("name").asText() + " holds " + key + "; it belongs in a Secret");
            }
        }
        for (String module : APPLICATIONS) {
            JsonNode container = container(resource(services, "Deployment", module));
            container.path("env").forEach(variable -> assertFalse(SECRET_NAME.matcher(variable.path("name").asText())
                            .matches() && variable.has("value"),
                    module + " has " + variable.path("name").asText() + " written in its Deployment; it belongs in a Secret"));
        }
    }

    @Test
    void everyAddressInTheConfigurationIsAKubernetesServicePort() {
        List<JsonNode> allServices = new ArrayList<>(ofKind(services, "Service"));
        allServices.addAll(ofKind(infrastructure, "Service"));
        for (String module : APPLICATIONS) {
            environment(module).forEach((variable, value) -> Descriptors.addressIn(variable, value).ifPresent(address -> {
                JsonNode target = allServices.stream()
                        .filter(service -> service.path("metadata").path("name").asText().equals(address.host()))
                        .findFirst().orElse(null);
                assertNotNull(target, module + " " + variable + "=" + value + " names " + address.host()
                        + ", which no manifest defines as a Service");
                if (address.port() != null) {
                    List<Integer> ports = new ArrayList<>();
                    target.path("spec").path("ports").forEach(port -> ports.add(port.path("port").asInt()));
                    assertTrue(ports.contains(address.port()),
                            module + " " + variable + "=" + value + ": Service " + address.host() + " has ports " + ports);
                }
            }));
        }
    }

    @Test
    void theBrokerAuthenticatesEveryClientAndAuthorizesEveryRequestWithTheLoginsOfItsSecret() {
        JsonNode kafka = resource(infrastructure, "StatefulSet", "kafka");
        KafkaLogins.assertBrokerAuthenticatesAndAuthorizes(workloadEnvironment(kafka), "dev-infrastructure kafka");
        assertEquals(List.of(KafkaLogins.SCRIPTS_MOUNT + "/" + KafkaLogins.START_BROKER), texts(container(kafka).path("command")),
                "the broker is started with the logins written into its storage");
        kafkaScripts(kafka);
        for (String login : KafkaLogins.logins()) {
            assertKafkaPasswordFromSecret(kafka, KafkaLogins.passwordVariable(login));
        }
    }

    @Test
    void eachServiceLogsInToKafkaAsItsOwnPrincipalWithThePasswordTheBrokerHasForIt() {
        KafkaCredentials broker = KafkaLogins.credentials(workloadEnvironment(resource(infrastructure, "StatefulSet", "kafka")));
        for (String module : SERVICES) {
            KafkaLogins.assertLogsInAsItself(module, environment(module), broker, "Kubernetes");
            JsonNode deployment = resource(services, "Deployment", module);
            Matcher password = SUBSTITUTION.matcher(literalValue(container(deployment), "KAFKA_SASL_JAAS_CONFIG"));
            assertTrue(password.find(), module + "'s JAAS line takes its password from a variable, not written in the manifest");
            JsonNode reference = secretReference(module, password.group(1));
            assertNotNull(reference, module + " " + password.group(1) + " comes from a Secret");
            assertEquals("portal-kafka", reference.path("name").asText(), module + " " + password.group(1));
            assertEquals(KafkaLogins.passwordVariable(module), reference.path("key").asText(),
                    module + " logs in to Kafka with its own password");
        }
    }

    @Test
    void topicsAreCreatedWithEnoughPartitionsForEveryConsumerReplica() {
        JsonNode job = resource(infrastructure, "Job", "kafka-topics");
        assertEquals(List.of(KafkaLogins.SCRIPTS_MOUNT + "/" + KafkaLogins.CREATE_TOPICS_AND_ACLS,
                        environment("invitation-service").get("KAFKA_BOOTSTRAP_SERVERS")), texts(container(job).path("command")),
                "the Job runs deploy/kafka's script against the broker the services use");
        assertKafkaPasswordFromSecret(job, KafkaLogins.passwordVariable(KafkaCredentials.ADMIN));
        String script = kafkaScripts(job).path(KafkaLogins.CREATE_TOPICS_AND_ACLS).asText();
        Matcher partitions = PARTITIONS.matcher(script);
        assertTrue(partitions.find(), "the kafka-topics Job sets no partition count");
        int partitionCount = Integer.parseInt(partitions.group(1));
        for (String module : SERVICES) {
            int replicas = resource(services, "Deployment", module).path("spec").path("replicas").asInt();
            // A consumer group gives each partition to one member: members beyond the partition count sit idle.
            assertTrue(replicas <= partitionCount, module + " runs " + replicas + " replicas for " + partitionCount
                    + " partitions");
        }
    }

    @Test
    void devInfrastructureDatabaseCreatesEachServicesLoginWithThePasswordOfTheServicesSecret() {
        JsonNode postgres = resource(infrastructure, "StatefulSet", "postgres");
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        container(postgres).path("env").forEach(variable -> variables.put(variable.path("name").asText(), variable));
        assertEquals("PORTAL_DB_OWNER_PASSWORD",
                variables.get("POSTGRES_PASSWORD").path("valueFrom").path("secretKeyRef").path("key").asText());
        for (String module : SERVICES) {
            String variable = Descriptors.databasePasswordVariable(module);
            JsonNode reference = variables.get(variable).path("valueFrom").path("secretKeyRef");
            assertEquals("portal-database", reference.path("name").asText(), variable);
            assertEquals(variable, reference.path("key").asText(), "PostgreSQL creates " + module + "'s login with its password");
            secretValue("portal-database", variable);
        }
        JsonNode init = resource(infrastructure, "ConfigMap", "postgres-init").path("data").path("create-service-roles.sh");
        for (String schema : DatabaseRoles.SCHEMAS.values()) {
            assertTrue(init.asText().contains(schema), "the init script creates the " + schema + " login and schema");
        }
        assertTrue(container(postgres).path("volumeMounts").findValuesAsText("mountPath").contains("/docker-entrypoint-initdb.d"),
                "the init script runs on the first start");
        String database = variables.get("POSTGRES_DB").path("value").asText();
        for (String module : SERVICES) {
            assertTrue(environment(module).get("QUARKUS_DATASOURCE_JDBC_URL").endsWith("/" + database),
                    module + " connects to the database dev-infrastructure creates");
        }
    }

    @Test
    void serviceLinksAreOffSoThatNoKubernetesVariableReachesTheConfiguration() {
        for (String module : APPLICATIONS) {
            JsonNode pod = resource(services, "Deployment", module).path("spec").path("template").path("spec");
            assertTrue(pod.has("enableServiceLinks") && !pod.path("enableServiceLinks").asBoolean(),
                    module + ": KAFKA_PORT=tcp://... and the like would be read as configuration");
        }
    }

    @Test
    void keycloakImportsTheRealmOfTheLocalRunFromAConfigMapGeneratedFromThatFile() throws IOException {
        JsonNode deployment = resource(infrastructure, "Deployment", "keycloak");
        JsonNode container = container(deployment);
        assertEquals("quay.io/keycloak/keycloak:" + Descriptors.keycloakVersion(), container.path("image").asText(),
                "the Keycloak release local-infra runs");
        assertTrue(texts(container.path("args")).contains("--import-realm"), "imports the realm at start");
        JsonNode mount = null;
        for (JsonNode candidate : container.path("volumeMounts")) {
            if (candidate.path("mountPath").asText().equals(Descriptors.KEYCLOAK_IMPORT_DIRECTORY)) {
                mount = candidate;
            }
        }
        assertNotNull(mount, "Keycloak mounts nothing on " + Descriptors.KEYCLOAK_IMPORT_DIRECTORY);
        String volumeName = mount.path("name").asText();
        String configMapName = null;
        for (JsonNode volume : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (volume.path("name").asText().equals(volumeName)) {
                configMapName = volume.path("configMap").path("name").asText();
            }
        }
        JsonNode realm = resource(infrastructure, "ConfigMap", configMapName);
        assertEquals(Files.readString(Descriptors.REALM_FILE), realm.path("data").path("portal-realm.json").asText(),
                "the realm ConfigMap holds deploy/keycloak/portal-realm.json, the realm of the local run and of Compose");
        assertEquals(Descriptors.REALM_FILE.toRealPath(), Path.of(realm.path("metadata").path("annotations")
                .path(GENERATED_FROM).asText()).toRealPath(), "generated from that very file, not from a copy");
    }

    @Test
    void keycloakGetsEverySecretItsRealmPlaceholdersReadFromTheSecretTheServicesUse() {
        Map<String, String> keycloak = workloadEnvironment(resource(infrastructure, "Deployment", "keycloak"));
        for (String variable : Descriptors.realmVariablesWithoutDefault()) {
            assertTrue(keycloak.containsKey(variable), "the realm's ${" + variable + "} placeholder has no value");
        }
        for (String module : APPLICATIONS) {
            JsonNode reference = secretReference(module, "PORTAL_OIDC_CLIENT_SECRET");
            if (!Descriptors.OWN_CLIENT_LOGINS.contains(module)) {
                assertNull(reference, module + " calls no service: it gets no client secret");
                continue;
            }
            assertNotNull(reference, module + " takes its client secret from a Secret");
            String key = reference.path("key").asText();
            assertEquals(IdentityProvider.secretVariable(module), key, module + " logs in as its own client");
            assertEquals(keycloak.get(key), secretValue(reference.path("name").asText(), key),
                    module + "'s client secret is the one Keycloak's realm import gets");
        }
    }

    /** It comes from a Secret: the checks above refuse it in a ConfigMap or written in the Deployment. */
    @Test
    void portalWebSealsItsCookiesWithA32ByteKey() {
        String key = environment(WEB).get(Descriptors.WEB_SESSION_KEY);
        assertNotNull(key, "portal-web has no " + Descriptors.WEB_SESSION_KEY);
        assertTrue(Descriptors.is32BytesOfBase64(key),
                "portal-web's " + Descriptors.WEB_SESSION_KEY + " is 32 bytes in standard base64, as it requires: " + key);
    }

    @Test
    void keycloakMailsRegistrantsThroughNotificationServicesRelayFromTheOrganisationsDomain() {
        Map<String, String> keycloak = workloadEnvironment(resource(infrastructure, "Deployment", "keycloak"));
        Map<String, String> notification = environment("notification-service");
        Descriptors.assertRealmMailsThroughTheServerOf(notification, keycloak, "Kubernetes");
        String from = Descriptors.realmImportedWith(keycloak).path("smtpServer").path("from").asText();
        List<String> domains = Arrays.asList(notification.get("NOTIFICATION_SENDERS_ALLOWED_DOMAINS").split(","));
        assertTrue(domains.contains(from.substring(from.indexOf('@') + 1)),
                "Keycloak sends from " + from + ", outside the domains " + domains + " notification-service sends from");
    }

    /**
     * The emails link to the portal's public https origin, where an ingress serves portal-web: an origin
     * notification-service may link to and the realm lets portal-web's sign-in return to.
     */
    @Test
    void theEmailsLinkToPortalWebAtThePublicHttpsOriginWhereTheRealmLetsItsSignInReturn() {
        Map<String, String> notification = environment("notification-service");
        URI page = Descriptors.assertEmailsLinkToPortalWeb(notification, environment(WEB),
                workloadEnvironment(resource(infrastructure, "Deployment", "keycloak")), "Kubernetes");
        assertEquals("https", page.getScheme(), "the page the emails link to is served over https: " + page);
        List<String> allowed = Arrays.asList(notification.get("NOTIFICATION_LINKS_ALLOWED_ORIGINS").split(","));
        assertTrue(allowed.contains(page.getScheme() + "://" + page.getRawAuthority()),
                "notification-service may link to " + allowed + ", not to the page " + page);
    }

    @Test
    void eachServiceGetsOnlyTheCodeKeysItNeedsFromASecretAndEachKeyIs32Bytes() {
        Descriptors.CODE_KEYS.forEach((module, expected) -> {
            Map<String, String> environment = environment(module);
            Set<String> given = Descriptors.codeKeysIn(environment);
            assertEquals(new TreeSet<>(expected), given, module + "'s code keys");
            for (String name : given) {
                assertTrue(Descriptors.is32BytesOfBase64(environment.get(name)),
                        module + " " + name + " is 32 bytes in standard base64, as the services require");
            }
        });
    }

    @Test
    void aTokenFetchedThroughThePortForwardValidatesInTheServicesThatReachKeycloakByItsServiceName() {
        JsonNode keycloakDeployment = resource(infrastructure, "Deployment", "keycloak");
        Map<String, String> keycloak = workloadEnvironment(keycloakDeployment);
        String port = keycloak.get("KC_HTTP_PORT");
        assertEquals(Integer.parseInt(port), httpContainerPort(container(keycloakDeployment)));
        JsonNode servicePort = resource(infrastructure, "Service", "keycloak").path("spec").path("ports").path(0);
        assertEquals(port, servicePort.path("port").asText(), "the Service keeps Keycloak's port, so that "
                + "kubectl port-forward svc/keycloak " + port + " gives the host the issuer's address");
        assertEquals("http://localhost:" + port, keycloak.get("KC_HOSTNAME"));
        assertEquals("true", keycloak.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC"),
                "the services are told the token and key endpoints under the name they asked by, keycloak");
        for (String module : APPLICATIONS) {
            Map<String, String> environment = environment(module);
            assertEquals("http://keycloak:" + port + "/realms/" + IdentityProvider.REALM,
                    environment.get("QUARKUS_OIDC_AUTH_SERVER_URL"), module);
            assertEquals(keycloak.get("KC_HOSTNAME") + "/realms/" + IdentityProvider.REALM,
                    environment.get("QUARKUS_OIDC_TOKEN_ISSUER"), module + " expects the issuer Keycloak writes into tokens");
        }
        Map<String, String> probes = Map.of("startupProbe", "/health/started", "readinessProbe", "/health/ready",
                "livenessProbe", "/health/live");
        probes.forEach((probe, path) -> assertEquals(path,
                container(keycloakDeployment).path(probe).path("httpGet").path("path").asText(), "keycloak " + probe));
    }

    /**
     * The scripts a Kafka workload runs: the ConfigMap mounted on {@link KafkaLogins#SCRIPTS_MOUNT}, which must hold
     * deploy/kafka's scripts as they are.
     */
    private static JsonNode kafkaScripts(JsonNode workload) {
        String volume = null;
        for (JsonNode mount : container(workload).path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(KafkaLogins.SCRIPTS_MOUNT)) {
                volume = mount.path("name").asText();
            }
        }
        String name = workload.path("metadata").path("name").asText();
        assertNotNull(volume, name + " mounts nothing on " + KafkaLogins.SCRIPTS_MOUNT);
        String configMap = null;
        for (JsonNode candidate : workload.path("spec").path("template").path("spec").path("volumes")) {
            if (candidate.path("name").asText().equals(volume)) {
                configMap = candidate.path("configMap").path("name").asText();
            }
        }
        JsonNode scripts = resource(infrastructure, "ConfigMap", configMap).path("data");
        for (String script : List.of(KafkaLogins.START_BROKER, KafkaLogins.CREATE_TOPICS_AND_ACLS)) {
            assertEquals(KafkaLogins.script(script), scripts.path(script).asText(), name + " runs deploy/kafka/" + script + " as it is");
        }
        return scripts;
    }

    private static void assertKafkaPasswordFromSecret(JsonNode workload, String variable) {
        JsonNode reference = null;
        for (JsonNode entry : container(workload).path("env")) {
            if (entry.path("name").asText().equals(variable)) {
                reference = entry.path("valueFrom").path("secretKeyRef");
            }
        }
        String name = workload.path("metadata").path("name").asText();
        assertNotNull(reference, name + " has no " + variable);
        assertEquals("portal-kafka", reference.path("name").asText(), name + " " + variable);
        assertEquals(variable, reference.path("key").asText(), name + " " + variable);
    }

    /** The value a container's variable is written with in the manifest, before Kubernetes substitutes anything. */
    private static String literalValue(JsonNode container, String variable) {
        for (JsonNode entry : container.path("env")) {
            if (entry.path("name").asText().equals(variable)) {
                return entry.path("value").asText();
            }
        }
        throw new AssertionError(container.path("name").asText() + " sets no " + variable);
    }

    /** The variables a container's other variables name as {@code $(NAME)}, for Kubernetes to substitute. */
    private static Set<String> substitutionInputs(JsonNode container) {
        Set<String> inputs = new TreeSet<>();
        container.path("env").forEach(variable -> {
            Matcher reference = SUBSTITUTION.matcher(variable.path("value").asText());
            while (reference.find()) {
                inputs.add(reference.group(1));
            }
        });
        return inputs;
    }

    /** A service's environment: explicit variables, then those of the ConfigMaps and Secrets it takes whole. */
    private static Map<String, String> environment(String module) {
        return workloadEnvironment(resource(services, "Deployment", module));
    }

    /** The environment of a workload's container, Secret references resolved against the manifests' Secrets. */
    private static Map<String, String> workloadEnvironment(JsonNode workload) {
        JsonNode container = container(workload);
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("configMapRef")) {
                JsonNode data = resource(allResources(), "ConfigMap", source.path("configMapRef").path("name").asText())
                        .path("data");
                data.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
            }
            if (source.has("secretRef")) {
                resource(allResources(), "Secret", source.path("secretRef").path("name").asText()).path("stringData")
                        .properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
            }
        }
        container.path("env").forEach(variable -> {
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            environment.put(variable.path("name").asText(), secret.isMissingNode()
                    ? substituted(variable.path("value").asText(), environment)
                    : secretValue(secret.path("name").asText(), secret.path("key").asText()));
        });
        return environment;
    }

    /** A value with each {@code $(NAME)} of a variable defined before it replaced, as Kubernetes does. */
    private static String substituted(String value, Map<String, String> definedBefore) {
        return SUBSTITUTION.matcher(value).replaceAll(reference -> Matcher.quoteReplacement(
                definedBefore.getOrDefault(reference.group(1), reference.group())));
    }

    /** The {@code valueFrom.secretKeyRef} of a service's variable, or null. */
    private static JsonNode secretReference(String module, String variable) {
        for (JsonNode entry : container(resource(services, "Deployment", module)).path("env")) {
            if (entry.path("name").asText().equals(variable) && entry.path("valueFrom").has("secretKeyRef")) {
                return entry.path("valueFrom").path("secretKeyRef");
            }
        }
        return null;
    }

    private static String secretValue(String secret, String key) {
        JsonNode value = resource(allResources(), "Secret", secret).path("stringData").path(key);
        assertFalse(value.isMissingNode(), "Secret " + secret + " has no " + key);
        return value.asText();
    }

    private static List<JsonNode> allResources() {
        List<JsonNode> all = new ArrayList<>(services);
        all.addAll(infrastructure);
        return all;
    }

    private static List<JsonNode> workloads() {
        List<JsonNode> workloads = new ArrayList<>();
        for (List<JsonNode> resources : List.of(services, infrastructure)) {
            for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
                workloads.addAll(ofKind(resources, kind));
            }
        }
        return workloads;
    }

    private static Set<String> keys(JsonNode configMapOrSecret) {
        Set<String> keys = new TreeSet<>();
        for (String field : List.of("data", "stringData")) {
            configMapOrSecret.path(field).fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    private static JsonNode container(JsonNode workload) {
        JsonNode containers = workload.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), workload.path("metadata").path("name").asText() + " has one container");
        return containers.get(0);
    }

    private static int httpContainerPort(JsonNode container) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals("http")) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("No container port named http in " + container.path("name").asText());
    }

    private static JsonNode resource(List<JsonNode> resources, String kind, String name) {
        return ofKind(resources, kind).stream()
                .filter(resource -> resource.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("No " + kind + " named " + name));
    }

    private static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
        return resources.stream().filter(resource -> resource.path("kind").asText().equals(kind)).toList();
    }

    private static List<String> kustomizationResources(Path directory) {
        return texts(Descriptors.document(directory.resolve("kustomization.yaml")).path("resources"));
    }

    /** An annotation this test puts on a generated ConfigMap: the file it was generated from. */
    private static final String GENERATED_FROM = "test/generated-from";

    /**
     * What {@code kubectl apply -k} applies, as far as these manifests use kustomize: every document of every file a
     * kustomization lists, the resources of the kustomization directories it lists, and the ConfigMaps its
     * configMapGenerator makes (one key per file, named after the file).
     */
    private static List<JsonNode> resourcesOf(Path directory) {
        List<JsonNode> resources = new ArrayList<>();
        for (String resource : kustomizationResources(directory)) {
            Path path = directory.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(resourcesOf(path));
            } else {
                resources.addAll(Descriptors.documents(path));
            }
        }
        for (JsonNode generator : Descriptors.document(directory.resolve("kustomization.yaml")).path("configMapGenerator")) {
            ObjectNode configMap = JSON.createObjectNode();
            configMap.put("apiVersion", "v1");
            configMap.put("kind", "ConfigMap");
            ObjectNode metadata = configMap.putObject("metadata");
            metadata.put("name", generator.path("name").asText());
            ObjectNode data = configMap.putObject("data");
            for (JsonNode file : generator.path("files")) {
                Path source = directory.resolve(file.asText()).normalize();
                assertTrue(source.startsWith(directory), "kustomize loads no file outside " + directory + ": " + source);
                try {
                    data.put(source.getFileName().toString(), Files.readString(source));
                } catch (IOException e) {
                    throw new AssertionError(directory + "/kustomization.yaml generates from " + source, e);
                }
                metadata.putObject("annotations").put(GENERATED_FROM, source.toString());
            }
            resources.add(configMap);
        }
        return resources;
    }

    /** The root pom's properties, which quarkus-kubernetes and jib read as configuration. */
    private static Map<String, String> rootPomProperties() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder()
                    .parse(ServiceConfiguration.repositoryRoot().resolve("pom.xml").toFile());
            Map<String, String> properties = new LinkedHashMap<>();
            for (Element section : childElements(pom.getDocumentElement())) {
                if (section.getTagName().equals("properties")) {
                    childElements(section).forEach(property -> properties.put(property.getTagName(),
                            property.getTextContent().strip()));
                }
            }
            return properties;
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new AssertionError("Cannot read the root pom.xml", e);
        }
    }

    private static List<Element> childElements(Element parent) {
        List<Element> elements = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static long mebibytes(String quantity) {
        Matcher matcher = MEMORY_QUANTITY.matcher(quantity);
        assertTrue(matcher.matches(), "a memory quantity in Mi or Gi: " + quantity);
        return Long.parseLong(matcher.group(1)) * (matcher.group(2).equals("Gi") ? 1024 : 1);
    }
}
