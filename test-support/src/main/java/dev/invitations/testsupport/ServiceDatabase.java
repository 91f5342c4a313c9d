package dev.invitations.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The running service's own schema over JDBC, with the service's login: for a test that checks what no API shows
 * (an erased contact's tombstone, a handled event's id).
 */
public final class ServiceDatabase {

    private ServiceDatabase() {
    }

    /** The single number {@code sql} answers, its {@code ?} bound to {@code parameters} in order. */
    public static long count(String sql, Object... parameters) {
        Config config = ConfigProvider.getConfig();
        try (Connection db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class))) {
            db.setSchema(config.getValue("quarkus.flyway.default-schema", String.class));
            try (PreparedStatement select = db.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the service's database: " + e.getMessage(), e);
        }
    }
}
