package dev.invitations.localinfra.postgres;

import dev.invitations.localinfra.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What Flyway applied to a service's schema, read straight from the database: a boot test proves the migrations ran
 * against the real PostgreSQL. The JDBC driver comes from the caller's classpath (every service has it for Flyway).
 */
public final class MigrationHistory {

    /** @return the versions successfully applied to {@code schema}, in the order Flyway applied them */
    public static List<String> appliedVersions(Endpoints endpoints, String schema) throws SQLException {
        if (!schema.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Not a schema name: " + schema);
        }
        List<String> applied = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(), endpoints.dbPassword());
                PreparedStatement query = connection.prepareStatement("select version from " + schema
                        + ".flyway_schema_history where success and version is not null order by installed_rank");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
        }
        return applied;
    }

    private MigrationHistory() {
    }
}
