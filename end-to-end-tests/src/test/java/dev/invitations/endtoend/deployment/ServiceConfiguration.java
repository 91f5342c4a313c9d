package dev.invitations.endtoend.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.localinfra.CodeKeys;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.localinfra.postgres.DatabaseRoles;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What one service reads from its configuration at run time, found the way Quarkus itself would find it, so that a
 * deployment descriptor can be checked variable by variable:
 * <ul>
 * <li>the run-time properties of every extension packaged in {@code target/quarkus-app/lib/main} (each Quarkus
 * extension jar carries its configuration model, {@value #CONFIG_MODEL}), with {@code quarkus.rest-client."client"}
 * filled in with the REST client configKeys of the service's sources;</li>
 * <li>the keys of its {@code application.properties} and, when it is built on service-commons, of service-commons'
 * {@code microprofile-config.properties}, and the keys their values name in property expressions
 * ({@code ${portal.codes.lookup-key}});</li>
 * <li>its {@code @ConfigMapping} interfaces, read by SmallRye Config's own {@link ConfigMappings};</li>
 * <li>{@code @ConfigProperty} names in its sources (and service-commons', when it is built on it);</li>
 * <li>keys an extension reads outside the Quarkus model: {@code kafka.bootstrap.servers} and the login
 * ({@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config}), the defaults of
 * every Kafka channel, when the service has Quarkus Messaging Kafka.</li>
 * </ul>
 * A property fixed at build time is not read at run time: setting it in a container does nothing (Quarkus warns),
 * so it does not count.
 */
final class ServiceConfiguration {

    static final String CONFIG_MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final String RUN_TIME = "RUN_TIME";
    /** How service-commons appears in a packaged application's quarkus-app-dependencies.txt. */
    private static final String SERVICE_COMMONS = "dev.invitations:service-commons:";
    private static final Pattern CONFIG_KEY = Pattern.compile("configKey\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    /** A property expression in an annotation, {@code @Scheduled(every = "${outbox.relay.interval:0.2s}")}. */
    private static final Pattern PROPERTY_EXPRESSION = Pattern.compile("\"\\$\\{([A-Za-z][\\w.-]*)(?::[^}]*)?}");
    /** A property expression in a properties file's value, {@code ${portal.codes.lookup-key}}. */
    private static final Pattern VALUE_EXPRESSION = Pattern.compile("\\$\\{([A-Za-z][\\w.-]*)(?::[^}]*)?}");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern QUOTED_SEGMENT = Pattern.compile("\"[^\"]+\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ServiceConfiguration> LOADED = new ConcurrentHashMap<>();
    /**
     * What LocalSystem sets for one service: the infrastructure's {@link Endpoints#environment(String)}, with an identity
     * provider (the values do not matter here, only the names), and what its launch adds: the HTTP address, every REST
     * client's URL, the redemption page's URL and portal-web's session settings.
     */
    private static final Map<String, Set<String>> LOCAL_RUN_VARIABLES = new ConcurrentHashMap<>();

    private final String module;
    private final Properties applicationProperties;
    /** Property names read at run time, with {@code *} for a map key. */
    private final Set<String> readAtRunTime = new TreeSet<>();
    /** Extension properties fixed at build time, as name patterns. */
    private final Set<String> fixedAtBuildTime = new TreeSet<>();
    /** Run-time extension properties of a named map entry, with {@code *} for the name: for properties files only. */
    private final Set<String> namedRunTimeProperties = new TreeSet<>();

    private ServiceConfiguration(String module, Properties applicationProperties) {
        this.module = module;
        this.applicationProperties = applicationProperties;
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    }

    /** The configuration of the service module {@code module}, which must have been packaged. */
    static ServiceConfiguration of(String module) {
        return LOADED.computeIfAbsent(module, ServiceConfiguration::load);
    }

    String module() {
        return module;
    }

    /** {@code quarkus.http.port} of its application.properties: the port it listens on everywhere. */
    int httpPort() {
        return Integer.parseInt(applicationProperties.getProperty("quarkus.http.port"));
    }

    /** The Kafka topics its channels name: consumed topics and dead-letter topics. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        applicationProperties.stringPropertyNames().stream()
                .filter(key -> !key.startsWith("%") && key.endsWith(".topic"))
                .forEach(key -> topics.add(applicationProperties.getProperty(key)));
        return topics;
    }

    /** Empty if the service reads the variable at run time; otherwise why it would be ignored. */
    Optional<String> problemWith(String variable) {
        for (String key : readAtRunTime) {
            if (EnvironmentNames.patternOf(key).matcher(variable).matches()) {
                return Optional.empty();
            }
        }
        for (String key : fixedAtBuildTime) {
            if (EnvironmentNames.patternOf(key).matcher(variable).matches()) {
                return Optional.of(variable + " sets " + key + ", which " + module
                        + " fixes at build time: setting it at run time changes nothing");
            }
        }
        return Optional.of(variable + " maps to no configuration key that " + module + " reads");
    }

    private static Set<String> localRunVariableNames(String module) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String client : IdentityProvider.SERVICE_CLIENTS) {
            secrets.put(client, "secret");
        }
        secrets.put(IdentityProvider.WEB_CLIENT, "secret");
        IdentityProvider identity = new IdentityProvider(URI.create("http://idp:8180"), IdentityProvider.REALM, secrets,
                null, null);
        Endpoints any = new Endpoints("kafka:9092", "jdbc:postgresql://db:5432/portal", "postgresql://db:5432/portal",
                "user", "password", "smtp", 25, 143, URI.create("http://mailbox/"), identity, new CodeKeys("a", "b"),
                DatabaseRoles.generate(), KafkaCredentials.generate());
        Set<String> names = new TreeSet<>(any.environment(module).keySet());
        names.addAll(List.of("QUARKUS_HTTP_HOST", "QUARKUS_HTTP_PORT", "QUARKUS_REST_CLIENT_INVITATION_SERVICE_URL",
                "QUARKUS_REST_CLIENT_REDEMPTION_SERVICE_URL", "QUARKUS_REST_CLIENT_WORKFLOW_SERVICE_URL",
                "QUARKUS_REST_CLIENT_NOTIFICATION_SERVICE_URL", "NOTIFICATION_REDEMPTION_PAGE_URL"));
        if (module.equals(Descriptors.WEB)) {
            names.addAll(List.of("PORTAL_WEB_SESSION_KEY", "PORTAL_WEB_SESSION_SECURE_COOKIES"));
        }
        return names;
    }

    private static ServiceConfiguration load(String module) {
        Path moduleDirectory = repositoryRoot().resolve(module);
        Path application = moduleDirectory.resolve("target/quarkus-app");
        if (!Files.isDirectory(application.resolve("lib/main"))) {
            fail(module + " is not packaged (" + application + " is missing): run ./mvnw package first");
        }
        ServiceConfiguration configuration = new ServiceConfiguration(module,
                properties(moduleDirectory.resolve("src/main/resources/application.properties")));
        try {
            String dependencies = Files.readString(application.resolve("quarkus-app-dependencies.txt"));
            // service-commons' defaults and beans read their settings in every module built on it: the four services,
            // not portal-web.
            boolean builtOnCommons = dependencies.contains(SERVICE_COMMONS);
            List<String> sources = sources(moduleDirectory.resolve("src/main/java"));
            configuration.readExtensionModels(application.resolve("lib/main"), configKeys(sources));
            configuration.readPropertiesFile(configuration.applicationProperties);
            if (builtOnCommons) {
                configuration.readPropertiesFile(properties(repositoryRoot()
                        .resolve("service-commons/src/main/resources/META-INF/microprofile-config.properties")));
            }
            configuration.readConfigMappings(sources, application.resolve("app"));
            List<String> readingSources = new ArrayList<>(sources);
            if (builtOnCommons) {
                readingSources.addAll(sources(repositoryRoot().resolve("service-commons/src/main/java")));
            }
            for (String source : readingSources) {
                for (Pattern reference : List.of(CONFIG_PROPERTY, PROPERTY_EXPRESSION)) {
                    Matcher key = reference.matcher(source);
                    while (key.find()) {
                        configuration.readKey(key.group(1));
                    }
                }
            }
            if (dependencies.contains("io.quarkus:quarkus-messaging-kafka:")) {
                configuration.readAtRunTime.add("kafka.bootstrap.servers");
                // The login, read the same way: the default of every channel, of the health check and of the companion.
                configuration.readAtRunTime.addAll(List.of(
                        "kafka.security.protocol", "kafka.sasl.mechanism", "kafka.sasl.jaas.config"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the configuration of " + module, e);
        }
        return configuration;
    }

    /** Every property of every extension's model, by phase; a named map entry only for the REST clients. */
    private void readExtensionModels(Path libraries, Set<String> restClientKeys) throws IOException {
        for (Path jar : jars(libraries)) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry model = zip.getEntry(CONFIG_MODEL);
                if (model != null) {
                    try (InputStream in = zip.getInputStream(model)) {
                        collectProperties(JSON.readTree(in), restClientKeys);
                    }
                }
            }
        }
    }

    private void collectProperties(JsonNode node, Set<String> restClientKeys) {
        if (node.path("@class").asText().endsWith(".ConfigProperty")) {
            boolean runTime = RUN_TIME.equals(node.path("phase").asText());
            List<String> names = new ArrayList<>();
            names.add(node.path("path").path("property").asText());
            node.path("additionalPaths").forEach(path -> names.add(path.path("property").asText()));
            for (String name : names) {
                if (runTime && QUOTED_SEGMENT.matcher(name).find()) {
                    namedRunTimeProperties.add(QUOTED_SEGMENT.matcher(name).replaceAll("*"));
                }
                for (String key : expand(name, restClientKeys)) {
                    if (runTime) {
                        readAtRunTime.add(key);
                    } else {
                        fixedAtBuildTime.add(key);
                    }
                }
            }
        }
        node.forEach(child -> collectProperties(child, restClientKeys));
    }

    /**
     * A model name as the names a deployment can set: a named REST client for each configKey of the sources; other
     * named entries (a second datasource, a second mailer) are not configured by any service here, so a variable
     * that names one is a mistake.
     */
    private static List<String> expand(String name, Set<String> restClientKeys) {
        if (!QUOTED_SEGMENT.matcher(name).find()) {
            return List.of(name);
        }
        if (name.startsWith("quarkus.rest-client.\"")) {
            return restClientKeys.stream().map(key -> QUOTED_SEGMENT.matcher(name).replaceFirst(key)).toList();
        }
        return List.of();
    }

    private void readPropertiesFile(Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            String name = key.startsWith("%prod.") ? key.substring("%prod.".length()) : key;
            if (!name.startsWith("%")) {
                readKey(name);
                // invitation-service.codes.lookup-key=${portal.codes.lookup-key}: resolving it reads the named key.
                Matcher expression = VALUE_EXPRESSION.matcher(properties.getProperty(key));
                while (expression.find()) {
                    readKey(expression.group(1));
                }
            }
        }
    }

    /**
     * A key the service names (in a properties file or its sources) counts if it is read at run time: a non-Quarkus
     * key always (messaging channels, Kafka defaults, the service's own settings), a Quarkus key only if an
     * extension reads it at run time.
     */
    private void readKey(String name) {
        if (!name.startsWith("quarkus.")) {
            readAtRunTime.add(name);
        } else if (!readAtRunTime.contains(name) && !matchesNamedRunTimeProperty(name)) {
            fixedAtBuildTime.add(name);
        }
    }

    /** Whether a key with a map entry of its own (additional-jdbc-properties.currentSchema) is a run-time one. */
    private boolean matchesNamedRunTimeProperty(String key) {
        return namedRunTimeProperties.stream()
                .anyMatch(name -> key.matches(Pattern.quote(name).replace("*", "\\E[^.]+\\Q")));
    }

    /** Loads each @ConfigMapping interface of the sources from the packaged application and asks SmallRye Config its names. */
    private void readConfigMappings(List<String> sources, Path applicationJars) throws IOException {
        List<URL> jars = new ArrayList<>();
        for (Path jar : jars(applicationJars)) {
            jars.add(jar.toUri().toURL());
        }
        // The parent is this test's class loader: the interfaces' SmallRye Config annotations must be the very classes
        // that ConfigMappings looks for.
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new),
                ServiceConfiguration.class.getClassLoader())) {
            for (String source : sources) {
                Optional<String> type = configMappingType(source);
                if (type.isEmpty()) {
                    continue;
                }
                Class<?> mapping = Class.forName(type.get(), false, loader);
                String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
                ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix)).keySet()
                        .forEach(readAtRunTime::add);
            }
        } catch (ClassNotFoundException e) {
            fail(module + "'s packaged application lacks a @ConfigMapping interface of its sources (" + e.getMessage()
                    + "): package it again");
        }
    }

    /** The fully qualified name of the top-level type a source file declares, if it is annotated @ConfigMapping. */
    private static Optional<String> configMappingType(String source) {
        Matcher declaration = Pattern.compile("@ConfigMapping\\s*\\([^)]*\\)\\s*(?:public\\s+)?interface\\s+(\\w+)")
                .matcher(source);
        Matcher packageName = PACKAGE.matcher(source);
        if (!declaration.find() || !packageName.find()) {
            return Optional.empty();
        }
        return Optional.of(packageName.group(1) + "." + declaration.group(1));
    }

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".jar")).toList();
        }
    }

    private static Set<String> configKeys(List<String> sources) {
        Set<String> keys = new TreeSet<>();
        for (String source : sources) {
            Matcher key = CONFIG_KEY.matcher(source);
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        return keys;
    }

    private static List<String> sources(Path directory) throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                sources.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return sources;
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return properties;
    }

    /**
     * The variables the local run (LocalSystem) gives this service and that it reads: a deployment must set each
     * of them too, or it runs the service with a setting the local run and the tests never tried.
     */
    Set<String> localRunVariables() {
        Set<String> variables = new TreeSet<>();
        for (String variable : LOCAL_RUN_VARIABLES.computeIfAbsent(module, ServiceConfiguration::localRunVariableNames)) {
            if (problemWith(variable).isEmpty()) {
                variables.add(variable);
            }
        }
        return variables;
    }
}
