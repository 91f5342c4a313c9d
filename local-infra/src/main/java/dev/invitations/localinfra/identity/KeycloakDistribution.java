package dev.invitations.localinfra.identity;

import dev.invitations.localinfra.CodeKeys;
import dev.invitations.localinfra.process.ChildProcesses;
import dev.invitations.localinfra.process.Directories;
import dev.invitations.localinfra.process.FreePorts;
import dev.invitations.localinfra.process.RecordedArtifacts;
import dev.invitations.localinfra.process.RunHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keycloak's server distribution, made ready to start in seconds, once per user and Keycloak release, in
 * {@code $TMPDIR/portal-invitations-$USER/keycloak-<version>/} (beside the PostgreSQL binaries):
 * <ol>
 * <li>the {@code keycloak-quarkus-dist} zip from the local Maven repository (the build names it in
 * {@value #DISTRIBUTION_RESOURCE}) is extracted;</li>
 * <li>{@code kc.sh build} fixes the build-time options (H2 file database, health endpoints on the main port), so
 * that every start can be {@code start --optimized};</li>
 * <li>one start on an empty database creates Keycloak's schema and its master realm with an administrator, and that
 * database file is kept as a template: each run starts from a copy of it and only imports the portal realm, which
 * saves the five to six seconds that schema and master realm take (measured on two cores: 17 s to a ready realm
 * from an empty database, 11.5 s from the template).</li>
 * </ol>
 * Concurrent JVMs take turns through a file lock. Keycloak 26 needs Java 21 or newer, found by {@link #javaHome}.
 */
final class KeycloakDistribution {

    static final String DISTRIBUTION_RESOURCE = "dev/invitations/localinfra/keycloak-distribution.path";
    static final String ADMIN_USERNAME = "admin";
    static final int MINIMUM_JAVA = 21;
    /** Build-time options: fixed by kc.sh build, so that start --optimized skips Quarkus' augmentation. */
    static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--health-enabled=true",
            "--http-management-health-enabled=false");
    /** What every start passes: one node (the cluster cache would bind the machine's address), HTTP on loopback. */
    static final List<String> START_OPTIONS = List.of("start", "--optimized", "--cache=local", "--http-enabled=true",
            "--http-host=" + FreePorts.LOOPBACK);
    /**
     * kc.sh's default heap is 64 MB to 512 MB; Keycloak with a handful of users stays far below. Its other JVM
     * defaults (G1, metaspace limits) stay.
     */
    static final String HEAP = "-Xms64m -Xmx384m";

    private static final Logger LOG = LoggerFactory.getLogger(KeycloakDistribution.class);
    private static final String BUILT_MARKER = ".portal-invitations-built";
    private static final String TEMPLATE_DATABASE = "keycloakdb.mv.db";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TEMPLATE_TIMEOUT = Duration.ofMinutes(3);

    /**
     * A usable distribution.
     *
     * @param home             the extracted and built distribution ({@code bin/kc.sh}, {@code lib/}...)
     * @param javaHome         the Java (21+) that runs it
     * @param templateDatabase the H2 file with schema, master realm and administrator
     */
    record Installation(Path home, Path javaHome, Path templateDatabase, String adminUsername, String adminPassword) {
    }

    private KeycloakDistribution() {
    }

    /** Extracts, builds and prepares the template the first time; afterwards only checks they are there. */
    static Installation install(Map<String, String> environment) throws IOException {
        Path javaHome = javaHome(environment);
        String version = version();
        Path cache = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                "portal-invitations-" + System.getProperty("user.name")));
        Path home = cache.resolve("keycloak-" + version);
        // One JVM holds one lock on a file: threads of this JVM queue on the class, other JVMs on the file.
        synchronized (KeycloakDistribution.class) {
            try (FileChannel channel = FileChannel.open(cache.resolve("keycloak-" + version + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(home.resolve(BUILT_MARKER))) {
                    long started = System.nanoTime();
                    Directories.deleteRecursively(home);
                    extract(distributionZip(), cache, home);
                    build(home, javaHome);
                    Files.writeString(home.resolve(BUILT_MARKER), version + "\n");
                    LOG.info("Keycloak {} extracted and built in {} in {} ms", version, home,
                            (System.nanoTime() - started) / 1_000_000);
                }
                Path template = home.resolve("template");
                if (!Files.exists(template.resolve(TEMPLATE_DATABASE))) {
                    createTemplate(home, javaHome, template);
                }
                Properties admin = new Properties();
                try (Reader reader = Files.newBufferedReader(template.resolve("admin.properties"))) {
                    admin.load(reader);
                }
                return new Installation(home, javaHome, template.resolve(TEMPLATE_DATABASE),
                        admin.getProperty("username"), admin.getProperty("password"));
            }
        }
    }

    /**
     * A Java home of release 21 or newer: {@code KEYCLOAK_JAVA_HOME} if set (it must qualify), else {@code JAVA_HOME},
     * the running JVM, or the newest one under /usr/lib/jvm.
     */
    static Path javaHome(Map<String, String> environment) {
        String explicit = environment.get("KEYCLOAK_JAVA_HOME");
        if (explicit != null && !explicit.isBlank()) {
            Path home = Path.of(explicit.trim());
            if (featureVersion(home).orElse(0) < MINIMUM_JAVA) {
                throw new IllegalStateException("KEYCLOAK_JAVA_HOME=" + explicit + " is not a Java " + MINIMUM_JAVA
                        + " or newer (no bin/java, or its release file says " + describeVersion(home)
                        + "); Keycloak needs one");
            }
            return home;
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(environment.get("JAVA_HOME")).filter(value -> !value.isBlank())
                .ifPresent(value -> candidates.add(Path.of(value.trim())));
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> installed = Files.list(jvms)) {
                installed.filter(path -> !Files.isSymbolicLink(path))
                        .sorted(Comparator.comparingInt((Path path) -> featureVersion(path).orElse(0)).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path candidate : candidates) {
            if (featureVersion(candidate).orElse(0) >= MINIMUM_JAVA) {
                return candidate;
            }
        }
        throw new IllegalStateException("Keycloak " + version() + " needs Java " + MINIMUM_JAVA + " or newer, and none"
                + " was found: tried " + candidates.stream().map(path -> path + " (" + describeVersion(path) + ")")
                .toList() + ". Install one (e.g. apt-get install openjdk-21-jdk-headless) or point KEYCLOAK_JAVA_HOME"
                + " at one. The services themselves need only Java 17.");
    }

    /** The feature release of a Java home (25 for 25.0.3, 8 for 1.8.0_402), from its {@code release} file. */
    static OptionalInt featureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isExecutable(javaHome.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return OptionalInt.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return OptionalInt.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String describeVersion(Path javaHome) {
        OptionalInt version = featureVersion(javaHome);
        return version.isPresent() ? "Java " + version.getAsInt() : "not a Java home";
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("/dev/invitations/localinfra/local-infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-infra.properties is missing from the local-infra jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("keycloak.version");
    }

    /** The zip in the local Maven repository, as the build recorded it. */
    private static Path distributionZip() throws IOException {
        return RecordedArtifacts.path(DISTRIBUTION_RESOURCE, "Keycloak's distribution");
    }

    /** Unzips into {@code cache}, keeping the Unix modes, then renames the archive's top directory to {@code home}. */
    private static void extract(Path zip, Path cache, Path home) throws IOException {
        Path extracting = Files.createTempDirectory(cache, "keycloak-extracting-");
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            Path top = null;
            for (Enumeration<ZipArchiveEntry> entries = archive.getEntries(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                Path path = extracting.resolve(entry.getName()).normalize();
                if (!path.startsWith(extracting) || path.equals(extracting)) {
                    throw new IOException("Archive entry outside the target directory: " + entry.getName());
                }
                if (top == null) {
                    top = extracting.resolve(extracting.relativize(path).getName(0));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                }
                int mode = entry.getUnixMode();
                if ((mode & 0100) != 0 || entry.getName().endsWith(".sh")) {
                    Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(path));
                    permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE));
                    Files.setPosixFilePermissions(path, permissions);
                }
            }
            if (top == null || !Files.isRegularFile(top.resolve("bin/kc.sh"))) {
                throw new IOException(zip + " holds no Keycloak distribution (no <top>/bin/kc.sh)");
            }
            Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Directories.deleteRecursively(extracting);
        }
    }

    private static void build(Path home, Path javaHome) throws IOException {
        Path log = KeycloakProcess.logFile(home.resolve("build.log"));
        List<String> arguments = new ArrayList<>(List.of("build"));
        arguments.addAll(BUILD_OPTIONS);
        Process process = KeycloakProcess.launch(home, javaHome, home, arguments, Map.of(), log);
        int exitCode = KeycloakProcess.awaitExit(process, BUILD_TIMEOUT, log, "kc.sh build");
        if (exitCode != 0) {
            throw new IOException("kc.sh build failed with exit code " + exitCode + ChildProcesses.tail(log, 40));
        }
    }

    /**
     * Starts Keycloak once on an empty database in a run directory of its own, with a generated administrator, waits
     * for its master realm, stops it and keeps the database file.
     */
    private static void createTemplate(Path home, Path javaHome, Path template) throws IOException {
        long started = System.nanoTime();
        Path run = Directories.recreate(home.resolveSibling(home.getFileName() + "-template-run"));
        RunHome.link(run, home);
        String password = CodeKeys.randomSecret().substring(0, 24);
        int port = FreePorts.allocate();
        URI baseUrl = URI.create("http://" + FreePorts.LOOPBACK + ":" + port);
        List<String> arguments = new ArrayList<>(START_OPTIONS);
        arguments.addAll(List.of("--http-port=" + port, "--hostname=" + baseUrl));
        Path log = KeycloakProcess.logFile(run.resolve("keycloak.log"));
        Process process = KeycloakProcess.launch(home, javaHome, run, arguments, Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", password,
                "JAVA_OPTS_KC_HEAP", HEAP), log);
        try {
            KeycloakProcess.awaitAnswer(process, URI.create(baseUrl + "/realms/master/.well-known/openid-configuration"),
                    System.nanoTime() + TEMPLATE_TIMEOUT.toNanos(), log, "Keycloak (template run)");
        } finally {
            if (!KeycloakProcess.stop(process, Duration.ofSeconds(30))) {
                throw new IOException("Keycloak's template run did not stop in time; its database may be incomplete"
                        + ChildProcesses.tail(log, 20));
            }
        }
        Path database = run.resolve("data/h2/" + TEMPLATE_DATABASE);
        if (!Files.isRegularFile(database)) {
            throw new IOException("Keycloak's template run left no " + database + ChildProcesses.tail(log, 20));
        }
        Path preparing = Directories.recreate(home.resolve("template.preparing"));
        Files.copy(database, preparing.resolve(TEMPLATE_DATABASE));
        Path adminFile = preparing.resolve("admin.properties");
        Files.createFile(adminFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties admin = new Properties();
        admin.setProperty("username", ADMIN_USERNAME);
        admin.setProperty("password", password);
        try (Writer writer = Files.newBufferedWriter(adminFile, StandardCharsets.UTF_8)) {
            admin.store(writer, "Keycloak's administrator in every local run's master realm (this machine only)");
        }
        Directories.deleteRecursively(template);
        Files.move(preparing, template, StandardCopyOption.ATOMIC_MOVE);
        Directories.deleteRecursively(run);
        LOG.info("Keycloak's template database (schema, master realm, administrator) prepared in {} ms",
                (System.nanoTime() - started) / 1_000_000);
    }
}
