package dev.invitations.endtoend.deployment;

import static dev.invitations.endtoend.deployment.Descriptors.SERVICES;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * deploy/kubernetes cannot be applied here (no cluster), so it is read: a Deployment and a Service per service on
 * its HTTP port, probes on the health endpoints, resources, configuration from ConfigMaps and a Secret whose every
 * variable the service reads, and addresses that name Services of the manifests.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = ServiceConfiguration.repositoryRoot().resolve("deploy/kubernetes");
    private static final Path DEV_INFRASTRUCTURE = MANIFESTS.resolve("dev-infrastructure");
    private static final Pattern PARTITIONS = Pattern.compile("--partitions (\\d+)");

    private static List<JsonNode> services;
    private static List<JsonNode> infrastructure;

    @BeforeAll
    static void readManifests() {
        services = resourcesOf(MANIFESTS);
        infrastructure = resourcesOf(DEV_INFRASTRUCTURE);
    }

    @Test
    void eachKustomizationListsExactlyTheManifestsBesideIt() throws IOException {
        for (Path directory : List.of(MANIFESTS, DEV_INFRASTRUCTURE)) {
            Set<String> files;
            try (Stream<Path> list = Files.list(directory)) {
                files = new TreeSet<>(list.map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList());
            }
            assertEquals(files, new TreeSet<>(kustomizationResources(directory)), directory + "/kustomization.yaml");
        }
    }

    @Test
    void eachServiceHasADeploymentOfItsImageAndAServiceOnItsHttpPort() {
        for (String module : SERVICES) {
            int port = ServiceConfiguration.of(module).httpPort();
            JsonNode deployment = resource(services, "Deployment", module);
            JsonNode container = container(deployment);
            assertEquals("portal-invitations/" + module + ":1.0.0-SNAPSHOT", container.path("image").asText(),
                    module + " runs the image docker-compose.yml builds");
            assertEquals(port, httpContainerPort(container), module + " container port 'http'");
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            deployment.path("spec").path("selector").path("matchLabels").properties().forEach(label ->
                    assertEquals(label.getValue(), podLabels.path(label.getKey()), module + " selector matches its pods"));

            JsonNode service = resource(services, "Service", module);
            service.path("spec").path("selector").properties().forEach(label ->
                    assertEquals(label.getValue(), podLabels.path(label.getKey()), module + " Service selects its pods"));
            JsonNode servicePort = service.path("spec").path("ports").path(0);
            assertEquals(port, servicePort.path("port").asInt(), module + " Service port");
            assertEquals("http", servicePort.path("targetPort").asText(), module + " Service targets the 'http' port");
        }
    }

    @Test
    void probesAskTheHealthEndpointsOnTheHttpPort() {
        Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        for (String module : SERVICES) {
            JsonNode container = container(resource(services, "Deployment", module));
            probes.forEach((probe, path) -> {
                JsonNode httpGet = container.path(probe).path("httpGet");
                assertEquals(path, httpGet.path("path").asText(), module + " " + probe);
                assertEquals("http", httpGet.path("port").asText(), module + " " + probe + " port");
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

    @Test
    void everyEnvironmentVariableIsAConfigurationKeyTheServiceReads() {
        List<Executable> checks = new ArrayList<>();
        for (String module : SERVICES) {
            ServiceConfiguration configuration = ServiceConfiguration.of(module);
            for (String variable : environment(module).keySet()) {
                checks.add(() -> configuration.problemWith(variable).ifPresent(problem -> {
                    throw new AssertionError("deploy/kubernetes, " + module + ": " + problem);
                }));
            }
        }
        assertAll(checks);
    }

    @Test
    void eachServiceGetsEverySettingTheLocalRunGivesIt() {
        for (String module : SERVICES) {
            Set<String> missing = new TreeSet<>(ServiceConfiguration.of(module).localRunVariables());
            missing.removeAll(environment(module).keySet());
            assertEquals(Set.of(), missing, "deploy/kubernetes, " + module + " lacks what the local run sets");
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
            assertTrue(fromSecrets.containsAll(Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")),
                    module + " reads its database login from a Secret: " + fromSecrets);
        }
        for (JsonNode configMap : ofKind(services, "ConfigMap")) {
            for (String key : keys(configMap)) {
                assertFalse(key.matches(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*"),
                        configMap.path("metadata").path("name").asText() + " holds " + key + "; it belongs in a Secret");
            }
        }
    }

    @Test
    void everyAddressInTheConfigurationIsAKubernetesServicePort() {
        List<JsonNode> allServices = new ArrayList<>(ofKind(services, "Service"));
        allServices.addAll(ofKind(infrastructure, "Service"));
        for (String module : SERVICES) {
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
    void topicsAreCreatedWithEnoughPartitionsForEveryConsumerReplica() throws IllegalAccessException {
        String script = String.join("\n", texts(container(resource(infrastructure, "Job", "kafka-topics")).path("args")));
        Set<String> topics = new TreeSet<>(ComposeFileTest.contractTopics());
        for (String module : SERVICES) {
            topics.addAll(ServiceConfiguration.of(module).topics());
        }
        for (String topic : topics) {
            assertTrue(script.contains(topic), "the kafka-topics Job does not create " + topic);
        }
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
    void devInfrastructureDatabaseHasTheLoginOfTheServicesSecret() {
        JsonNode secret = resource(services, "Secret", "portal-database").path("stringData");
        Map<String, String> postgres = new LinkedHashMap<>();
        container(resource(infrastructure, "StatefulSet", "postgres")).path("env")
                .forEach(variable -> postgres.put(variable.path("name").asText(), variable.path("value").asText()));
        assertEquals(secret.path("QUARKUS_DATASOURCE_USERNAME").asText(), postgres.get("POSTGRES_USER"));
        assertEquals(secret.path("QUARKUS_DATASOURCE_PASSWORD").asText(), postgres.get("POSTGRES_PASSWORD"));
        assertTrue(ofKind(services, "ConfigMap").stream().allMatch(configMap -> configMap.path("data")
                .path("QUARKUS_DATASOURCE_JDBC_URL").asText().endsWith("/" + postgres.get("POSTGRES_DB"))),
                "every service connects to the database dev-infrastructure creates");
    }

    @Test
    void serviceLinksAreOffSoThatNoKubernetesVariableReachesTheConfiguration() {
        for (String module : SERVICES) {
            JsonNode pod = resource(services, "Deployment", module).path("spec").path("template").path("spec");
            assertTrue(pod.has("enableServiceLinks") && !pod.path("enableServiceLinks").asBoolean(),
                    module + ": KAFKA_PORT=tcp://... and the like would be read as configuration");
        }
    }

    /** A service's environment: explicit variables, then those of the ConfigMaps and Secrets it takes whole. */
    private static Map<String, String> environment(String module) {
        JsonNode container = container(resource(services, "Deployment", module));
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("configMapRef")) {
                JsonNode data = resource(services, "ConfigMap", source.path("configMapRef").path("name").asText())
                        .path("data");
                data.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
            }
            if (source.has("secretRef")) {
                resource(services, "Secret", source.path("secretRef").path("name").asText()).path("stringData")
                        .properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
            }
        }
        container.path("env").forEach(variable ->
                environment.put(variable.path("name").asText(), variable.path("value").asText()));
        return environment;
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

    /** The resources of every file a kustomization lists. */
    private static List<JsonNode> resourcesOf(Path directory) {
        List<JsonNode> resources = new ArrayList<>();
        for (String file : kustomizationResources(directory)) {
            resources.addAll(Descriptors.documents(directory.resolve(file)));
        }
        return resources;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
