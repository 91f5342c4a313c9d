package dev.invitations.localinfra.postgres;

import dev.invitations.localinfra.process.ChildProcesses;
import dev.invitations.localinfra.process.Directories;
import dev.invitations.localinfra.process.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster: initialized afresh on every start, listening on 127.0.0.1 only, with the database
 * {@code portal} owned by the superuser {@code portal} (password {@code portal}, SCRAM over TCP; no Unix socket).
 * Driven through the extracted {@code initdb}, {@code postgres} and {@code pg_ctl}, as {@link PostgresOsUser}.
 */
public final class PostgresServer implements AutoCloseable {

    static final String DATABASE = "portal";
    public static final String USER = "portal";
    public static final String PASSWORD = "portal";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final PostgresOsUser osUser;
    private final Path clusterDirectory;
    private final Path dataDirectory;
    private final int port;

    private PostgresServer(Path binaries, PostgresOsUser osUser, Path clusterDirectory, int port) {
        this.binaries = binaries;
        this.osUser = osUser;
        this.clusterDirectory = clusterDirectory;
        this.dataDirectory = clusterDirectory.resolve("data");
        this.port = port;
    }

    /** @param roles the services' logins and schemas to create in the new database */
    public static PostgresServer start(Path baseDirectory, DatabaseRoles roles) throws IOException {
        return start(baseDirectory, roles, List.of());
    }

    /**
     * @param roles                   the services' logins and schemas to create in the new database
     * @param sharedPreloadLibraries  server modules to load at start (e.g. {@code pg_stat_statements}, which can be
     *                                loaded no other way), for a measurement; none normally, as each costs every statement
     */
    public static PostgresServer start(Path baseDirectory, DatabaseRoles roles, List<String> sharedPreloadLibraries)
            throws IOException {
        for (String library : sharedPreloadLibraries) {
            if (!library.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("Not a PostgreSQL module name: " + library);
            }
        }
        long started = System.nanoTime();
        PostgresOsUser osUser = PostgresOsUser.forCurrentProcess();
        PostgresServer server = new PostgresServer(PostgresBinaries.install(), osUser,
                clusterDirectory(baseDirectory, osUser), FreePorts.allocate());
        server.stopLeftoverServer();
        Directories.recreate(server.clusterDirectory);
        osUser.takeOwnership(server.clusterDirectory);
        server.initializeCluster(roles, sharedPreloadLibraries);
        server.startAgain();
        LOG.info("PostgreSQL ready on 127.0.0.1:{} in {} ms (runs as {}, data in {})", server.port,
                (System.nanoTime() - started) / 1_000_000, osUser, server.dataDirectory);
        return server;
    }

    /**
     * The server that {@link #start} runs for {@code baseDirectory}, possibly in another process (the tests' local
     * infrastructure), to stop and start it again: a real outage for fault tests. The port stays in its configuration.
     */
    public static PostgresServer attach(Path baseDirectory) throws IOException {
        PostgresOsUser osUser = PostgresOsUser.forCurrentProcess();
        Path cluster = clusterDirectory(baseDirectory, osUser);
        // The server wrote the command it runs as (the postgres program's path first) into its data directory: the
        // caller needs no extraction of its own, and no archive reader on its classpath.
        String startedAs = Files.readString(cluster.resolve("data").resolve("postmaster.opts")).strip();
        Path program = Path.of(startedAs.split(" ", 2)[0].replace("\"", ""));
        return new PostgresServer(program.getParent().getParent(), osUser, cluster, -1);
    }

    /** Stops the server as an administrator's {@code pg_ctl stop -m fast} does: open sessions are ended. */
    public void stopFast() throws IOException {
        run("pg_ctl-stop", null, "pg_ctl", "stop", "--wait", "--timeout=" + COMMAND_TIMEOUT.toSeconds(),
                "-m", "fast", "-D", dataDirectory.toString());
    }

    /** Starts a server {@link #stopFast stopped} before, on the same data and port. */
    public void startAgain() throws IOException {
        run("pg_ctl-start", null, "pg_ctl", "start", "--wait", "--timeout=" + COMMAND_TIMEOUT.toSeconds(),
                "-D", dataDirectory.toString(), "-l", clusterDirectory.resolve("postgres.log").toString());
    }

    /**
     * {@code <base>/postgres}, unless the user PostgreSQL runs as cannot enter the base directory (root's files under
     * a mode-700 /root): then a directory under java.io.tmpdir named after the base directory, so that the next start
     * from the same base directory finds, and stops, a server that a killed JVM left running.
     */
    private static Path clusterDirectory(Path baseDirectory, PostgresOsUser osUser) throws IOException {
        if (osUser.canReach(baseDirectory)) {
            return baseDirectory.resolve("postgres");
        }
        Path parent = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                "portal-invitations-" + System.getProperty("user.name")));
        Directories.makeWorldReadable(parent);
        Path cluster = parent.resolve("postgres-data-" + Integer.toHexString(baseDirectory.toAbsolutePath().hashCode()));
        LOG.info("PostgreSQL data goes to {}: {} cannot enter {}", cluster, osUser, baseDirectory);
        return cluster;
    }

    private void stopLeftoverServer() {
        if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            LOG.info("Stopping the PostgreSQL server a previous run left in {}", dataDirectory);
            stopServer("immediate");
        }
    }

    private void initializeCluster(DatabaseRoles roles, List<String> sharedPreloadLibraries) throws IOException {
        Path passwordFile = clusterDirectory.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        osUser.takeOwnership(passwordFile);
        run("initdb", null, "initdb", "-D", dataDirectory.toString(), "--username=" + USER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C",
                "--no-sync", "--no-instructions");
        Files.delete(passwordFile);
        Files.writeString(dataDirectory.resolve("postgresql.conf"), String.join("\n",
                "",
                "# local-infra: loopback only, no Unix socket (its directory may not exist or be writable here)",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = ''",
                "# four services with connection pools, plus tests",
                "max_connections = 200",
                "# throwaway data: durability would only cost time",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "shared_preload_libraries = '" + String.join(",", sharedPreloadLibraries) + "'",
                ""), StandardOpenOption.APPEND);
        // Single-user mode needs no client program (the zonky binaries have no psql) and no running server.
        run("create-database", "CREATE DATABASE " + DATABASE + ";\n", "postgres", "--single",
                "-D", dataDirectory.toString(), "-c", "exit_on_error=on", "postgres");
        // The passwords travel on standard input, never on a command line; single-user mode does not echo them.
        run("create-service-roles", roles.setupStatements(DATABASE), "postgres", "--single",
                "-D", dataDirectory.toString(), "-c", "exit_on_error=on", DATABASE);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        if (stopServer("fast")) {
            LOG.info("PostgreSQL stopped");
        }
    }

    private boolean stopServer(String mode) {
        try {
            run("pg_ctl-stop", null, "pg_ctl", "stop", "--wait", "--timeout=" + COMMAND_TIMEOUT.toSeconds(),
                    "-m", mode, "-D", dataDirectory.toString());
            return true;
        } catch (IOException e) {
            LOG.warn("Could not stop PostgreSQL in {}: {}", dataDirectory, e.getMessage());
            return false;
        }
    }

    /** Runs a PostgreSQL program to completion; its output goes to {@code <cluster>/<step>.log}. */
    private void run(String step, String input, String program, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(arguments));
        Path log = clusterDirectory.resolve(step + ".log");
        ProcessBuilder builder = new ProcessBuilder(osUser.command(command))
                // The JVM's working directory may be one the PostgreSQL user cannot enter (/root).
                .directory(clusterDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!ChildProcesses.awaitExit(process, COMMAND_TIMEOUT)) {
            process.destroyForcibly();
            throw new IOException(program + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s"
                    + ChildProcesses.tail(log, 20));
        }
        if (process.exitValue() != 0) {
            throw new IOException(program + " failed with exit code " + process.exitValue()
                    + ChildProcesses.tail(log, 20));
        }
    }
}
