package dev.invitations.workflowservice.engine;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.invitations.workflowservice.WorkflowServiceConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.serverlessworkflow.api.WorkflowReader;
import io.serverlessworkflow.api.types.Document;
import io.serverlessworkflow.api.types.Workflow;
import io.serverlessworkflow.impl.WorkflowApplication;
import io.serverlessworkflow.impl.WorkflowDefinition;
import io.serverlessworkflow.impl.WorkflowInstance;
import io.serverlessworkflow.impl.WorkflowModel;
import io.serverlessworkflow.impl.additional.ConstantAdditionalObject;
import io.serverlessworkflow.impl.config.SecretManager;
import io.serverlessworkflow.impl.executors.http.HttpClientResolver;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.client.impl.ClientBuilderImpl;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The CNCF Serverless Workflow SDK's reference engine, embedded. One {@link WorkflowApplication} runs every workflow;
 * documents are checked in a throwaway application of their own, because the engine caches definitions by document
 * identity and a document refused by the registry must never become the cached definition of that identity.
 *
 * <p>The SDK's HTTP call task uses whatever {@code jakarta.ws.rs.client.ClientBuilder} is on the class path. Here
 * that is Quarkus's own REST client (quarkus-rest-client-jackson): its {@code ClientBuilder} works inside Quarkus, on
 * the shared Vert.x instance, with Jackson for JSON bodies; no second JAX-RS implementation (Jersey) is needed. Its
 * synchronous calls refuse to run on an event loop, which the engine never does: every run executes on
 * {@link EngineThreads}.
 */
@Startup
@ApplicationScoped
public class WorkflowEngine {

    private static final int MAX_REPORTED_SCHEMA_ERRORS = 10;

    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;
    private final EngineThreads threads;
    private final Client http;
    private final SecretManager secrets;
    private final EgressPolicy egress;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final WorkflowApplication application;
    private final Map<String, WorkflowDefinition> definitions = new ConcurrentHashMap<>();

    public WorkflowEngine(WorkflowServiceConfig config, ObjectMapper json, HostResolver resolver) {
        this.json = json;
        this.canonicalJson = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        this.threads = new EngineThreads(config.runs().maxInFlight());
        this.egress = EgressPolicy.of(config.egress().allow().orElse(List.of()));
        EgressGate gate = new EgressGate(egress, resolver, config.egress().maxResponseBytes());
        // Quarkus's REST client is the ClientBuilder on the class path; its own builder type offers the two hooks
        // the egress policy and run cancellation need beyond JAX-RS filters: no redirect following, and a look at
        // each Vert.x request once its connection is open.
        ClientBuilderImpl builder = (ClientBuilderImpl) ClientBuilder.newBuilder()
                .connectTimeout(config.http().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.http().readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        builder.followRedirects(false);
        builder.clientRequestCustomizer(gate);
        builder.clientRequestCustomizer(inFlight);
        this.http = builder.register(gate).register(inFlight).build();
        Map<String, Map<String, String>> configuredSecrets = Map.copyOf(config.secrets());
        this.secrets = name -> new HashMap<>(configuredSecrets.getOrDefault(name, Map.of()));
        this.application = applicationBuilder()
                .withExecutorFactory(threads)
                .withAdditionalObject(HttpClientResolver.HTTP_CLIENT_PROVIDER, new ConstantAdditionalObject<>(http))
                .build();
        // Loads the DSL's JSON schema now, on the main thread, rather than on the first registration request.
        WorkflowReader.validation();
    }

    /**
     * Parses, validates and compiles a document without keeping anything. CPU-bound, and may read a schema the
     * document references by URL: call it on a worker thread.
     */
    public ParsedWorkflow parse(String document, DocumentFormat format) {
        JsonNode tree = readTree(document, format);
        Workflow workflow;
        try {
            workflow = WorkflowReader.validation().read(document, format.sdkFormat());
        } catch (IllegalArgumentException schemaErrors) {
            throw new InvalidWorkflowException("Not a valid DSL 1.0 document: " + firstLines(schemaErrors.getMessage()), schemaErrors);
        } catch (IOException | RuntimeException unreadable) {
            throw new InvalidWorkflowException("Not a valid DSL 1.0 document: " + unreadable.getMessage(), unreadable);
        }
        List<String> refused = WorkflowPolicy.violations(workflow);
        if (!refused.isEmpty()) {
            throw new InvalidWorkflowException("Not allowed in this service: " + String.join("; ", refused), null);
        }
        List<String> forbidden = EgressCheck.violations(tree, egress);
        if (!forbidden.isEmpty()) {
            throw new InvalidWorkflowException("Destinations this service may not call: " + String.join("; ", forbidden), null);
        }
        List<String> badExpressions = ExpressionCheck.errors(tree);
        if (!badExpressions.isEmpty()) {
            throw new InvalidWorkflowException("Runtime expressions that do not compile: " + String.join("; ", badExpressions), null);
        }
        try (WorkflowApplication scratch = applicationBuilder().build()) {
            scratch.workflowDefinition(workflow);
        } catch (RuntimeException uncompilable) {
            throw new InvalidWorkflowException("The engine cannot compile the document: " + uncompilable.getMessage(), uncompilable);
        }
        Document head = workflow.getDocument();
        DocumentIdentity identity = new DocumentIdentity(head.getDsl(), head.getNamespace(), head.getName(), head.getVersion(), head.getTitle());
        return new ParsedWorkflow(format, document, contentHash(tree), identity);
    }

    /**
     * Starts a run. {@code definitionKey} names one stored version of a workflow; its document is compiled the first
     * time and may be null once {@link #knows} says the key is compiled. Call on {@link #executor()}: the first tasks
     * run on the calling thread.
     */
    public RunningWorkflow start(String definitionKey, DocumentFormat format, String document, String inputJson) {
        WorkflowDefinition definition = definitions.computeIfAbsent(definitionKey, key -> compile(key, format, document));
        WorkflowInstance instance = definition.instance(readInput(inputJson));
        CompletableFuture<String> output = instance.start()
                .whenComplete((ended, failure) -> inFlight.forget(instance))
                .thenApply(this::toJson);
        return new RunningWorkflow(instance, output, inFlight);
    }

    /** The definition keys compiled so far: runs of other versions must bring their document to {@link #start}. */
    public Set<String> compiled() {
        return definitions.keySet();
    }

    /** Where runs start; bounded to the configured number of runs in flight. */
    public Executor executor() {
        return threads.get();
    }

    @PreDestroy
    void close() {
        application.close();
        http.close();
    }

    private WorkflowApplication.Builder applicationBuilder() {
        return WorkflowApplication.builder()
                .withSecretManager(secrets)
                .withCallableProxy(new UnreachableEndpoints())
                .withResourceLoaderFactory(NoExternalResources.FACTORY)
                // Lifecycle CloudEvents would only go to the SDK's in-memory bus; runs are recorded in the database.
                .disableLifeCycleCEPublishing();
    }

    private WorkflowDefinition compile(String key, DocumentFormat format, String document) {
        if (document == null) {
            throw new IllegalStateException("Definition " + key + " is not compiled and no document was given");
        }
        try {
            Log.debugf("Compiling workflow definition %s", key);
            return application.workflowDefinition(WorkflowReader.validation().read(document, format.sdkFormat()));
        } catch (IOException e) {
            throw new IllegalStateException("Stored definition " + key + " no longer parses", e);
        }
    }

    private JsonNode readTree(String document, DocumentFormat format) {
        try {
            JsonNode tree = format.sdkFormat().mapper().readTree(document);
            if (tree == null || !tree.isObject()) {
                throw new InvalidWorkflowException("A workflow document is a " + format + " object", null);
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflowException(lineOf(e) + "Not valid " + format + ": " + problemOf(e), e);
        }
    }

    /** "line 12: ": where the parser stopped, so that an editor can point at the line (the console shows it so). */
    private static String lineOf(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "" : "line " + location.getLineNr() + ": ";
    }

    /** SnakeYAML's message also quotes the document with carets over several lines; its problem alone is one line. */
    private static String problemOf(JsonProcessingException e) {
        return e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null ? yaml.getProblem() : e.getOriginalMessage();
    }

    private String contentHash(JsonNode tree) {
        try {
            byte[] canonical = canonicalJson.writeValueAsBytes(canonicalJson.treeToValue(tree, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash a parsed document", e);
        }
    }

    /** A tree, which the engine takes as it is; a map it would convert into one, value by value. */
    private JsonNode readInput(String inputJson) {
        JsonNode input;
        try {
            input = json.readTree(inputJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Run input is not a JSON object", e);
        }
        if (input == null || !input.isObject()) {
            throw new IllegalArgumentException("Run input is not a JSON object");
        }
        return input;
    }

    /** The engine's model holds a tree: written as it is rather than converted to maps and lists first. */
    private String toJson(WorkflowModel output) {
        try {
            return json.writeValueAsString(output.as(JsonNode.class).orElseGet(() -> json.valueToTree(output.asJavaObject())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Workflow output cannot be written as JSON", e);
        }
    }

    private static String firstLines(String text) {
        List<String> lines = text.lines().toList();
        String shown = String.join("; ", lines.subList(0, Math.min(lines.size(), MAX_REPORTED_SCHEMA_ERRORS)));
        return lines.size() > MAX_REPORTED_SCHEMA_ERRORS ? shown + "; and " + (lines.size() - MAX_REPORTED_SCHEMA_ERRORS) + " more" : shown;
    }
}
