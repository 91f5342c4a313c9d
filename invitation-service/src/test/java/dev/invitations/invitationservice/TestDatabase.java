package dev.invitations.invitationservice;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** A JDBC connection to the service's own schema, with the service's login: for tests that inspect or disturb it. */
final class TestDatabase {

    private TestDatabase() {
    }

    static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Connection db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
        db.setSchema(config.getValue("quarkus.flyway.default-schema", String.class));
        return db;
    }
}
