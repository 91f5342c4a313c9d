package dev.invitations.localinfra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server started with modules to preload has them (pg_stat_statements, for a benchmark), and nothing but module names goes into its configuration. */
class PostgresServerTest {

    @Test
    void aPreloadedPgStatStatementsCountsTheStatementsRun() throws Exception {
        try (PostgresServer server = PostgresServer.start(Path.of("target/postgres-server-test").toAbsolutePath(), DatabaseRoles.generate(),
                List.of("pg_stat_statements"));
             Connection db = DriverManager.getConnection(server.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
             Statement statement = db.createStatement()) {
            statement.execute("create extension pg_stat_statements");
            statement.execute("select 6 * 7 as answer");
            try (ResultSet counted = statement.executeQuery(
                    "select sum(calls) from pg_stat_statements where query like 'select $1 * $2 as answer%'")) {
                assertTrue(counted.next());
                assertEquals(1, counted.getLong(1));
            }
        }
    }

    @Test
    void onlyModuleNamesArePreloaded() {
        assertThrows(IllegalArgumentException.class, () -> PostgresServer.start(Path.of("target/postgres-server-test").toAbsolutePath(),
                DatabaseRoles.generate(), List.of("pg_stat_statements'\nlisten_addresses = '*")));
    }
}
