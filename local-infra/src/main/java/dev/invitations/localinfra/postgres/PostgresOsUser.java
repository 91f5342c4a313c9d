package dev.invitations.localinfra.postgres;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operating-system user the PostgreSQL programs run as. PostgreSQL refuses to run as root, so when this JVM is
 * root the programs are started through {@code setpriv} (util-linux) as {@code nobody}, and the files they must write
 * are handed to that user; otherwise they run as the current user, unchanged.
 */
final class PostgresOsUser {

    /** The overflow uid/gid, which is what {@code nobody} is on Linux distributions that have no passwd entry. */
    private static final int OVERFLOW_ID = 65534;

    private final boolean root;
    private final int uid;
    private final int gid;

    private PostgresOsUser(boolean root, int uid, int gid) {
        this.root = root;
        this.uid = uid;
        this.gid = gid;
    }

    static PostgresOsUser forCurrentProcess() throws IOException {
        if (new UnixSystem().getUid() != 0) {
            return new PostgresOsUser(false, -1, -1);
        }
        int[] nobody = nobodyIds().orElse(new int[] {OVERFLOW_ID, OVERFLOW_ID});
        return new PostgresOsUser(true, nobody[0], nobody[1]);
    }

    private static Optional<int[]> nobodyIds() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream()
                .map(line -> line.split(":"))
                .filter(fields -> fields.length > 3 && fields[0].equals("nobody"))
                .map(fields -> new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])})
                .findFirst();
    }

    /** The command line that runs {@code command} as this user. */
    List<String> command(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(
                "setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes {@code path} (already created by this JVM) the user's own, so PostgreSQL can write into it. */
    void takeOwnership(Path path) throws IOException {
        if (root) {
            Files.setAttribute(path, "unix:uid", uid);
            Files.setAttribute(path, "unix:gid", gid);
        }
    }

    /**
     * Whether the user can enter {@code directory}. Checked through the "others" search bit of it and every ancestor,
     * which is what applies to {@code nobody} in root-owned directories such as a mode-700 /root.
     */
    boolean canReach(Path directory) {
        if (!root) {
            return true;
        }
        for (Path current = directory.toAbsolutePath(); current != null; current = current.getParent()) {
            if (!Files.exists(current)) {
                continue;
            }
            try {
                Set<PosixFilePermission> permissions = Files.getFileAttributeView(current, PosixFileAttributeView.class)
                        .readAttributes().permissions();
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return root ? "uid " + uid + " (nobody, via setpriv, because this JVM runs as root)" : "the current user";
    }
}
