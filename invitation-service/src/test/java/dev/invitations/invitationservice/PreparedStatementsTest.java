package dev.invitations.invitationservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL keeps each statement the service runs prepared on its connection, long ones included, so that it parses
 * and plans the redemption's statement (about 3,500 characters) once per connection rather than on every call.
 */
@QuarkusTest
class PreparedStatementsTest {

    @Inject
    Pool database;

    @Test
    void statementsLongerThanTheClientsDefaultLimitStayPreparedOnTheirConnection() {
        // Vert.x caches only statements under 2,048 characters unless told otherwise.
        String longStatement = "select $1::int + 1 as next -- " + "padding ".repeat(500);
        String shortStatement = "select $1::int - 1 as previous";

        long prepared = database.withConnection(connection -> connection.preparedQuery(longStatement).execute(Tuple.of(41))
                        .chain(() -> connection.preparedQuery(shortStatement).execute(Tuple.of(43)))
                        .chain(() -> connection.preparedQuery(
                                "select count(*) from pg_prepared_statements where statement in ($1, $2)")
                                .execute(Tuple.of(longStatement, shortStatement))))
                .map(rows -> rows.iterator().next())
                .map((Row row) -> row.getLong(0))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals(2, prepared, "both statements still prepared on the connection after they ran");
    }
}
