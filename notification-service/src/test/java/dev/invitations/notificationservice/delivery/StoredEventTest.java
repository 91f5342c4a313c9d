package dev.invitations.notificationservice.delivery;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.invitations.localinfra.LocalInfrastructureTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** What a finished delivery keeps of its event: everything but the encrypted code, as the service's PostgreSQL computes it. */
@QuarkusTest
class StoredEventTest {

    @Test
    void encryptedCodeIsRemovedAndTheRestKeptInOrder() throws SQLException {
        String stored = "{\"eventId\":\"e\",\"invitationId\":\"i\",\"encryptedCode\":\"c2VjcmV0\",\"recipient\":{\"email\":\"a@b.c\"}}";

        assertThat(withoutCode(stored),
                equalTo("{ \"eventId\" : \"e\", \"invitationId\" : \"i\", \"recipient\" : {\"email\":\"a@b.c\"} }"));
    }

    @Test
    void anEventWithoutCodeIsKeptAsItIs() throws SQLException {
        String stored = "{ \"eventId\": \"e\", \"recipient\": {\"email\": \"a@b.c\"} }";

        assertThat(withoutCode(stored), equalTo(stored));
    }

    @Test
    void somethingThatIsNotAJsonObjectIsDroppedRatherThanKept() throws SQLException {
        assertThat(withoutCode("not json {\"encryptedCode\":\"c2VjcmV0\""), equalTo("{}"));
        assertThat(withoutCode("[\"c2VjcmV0\"]"), equalTo("{}"));
        assertThat(withoutCode("{\"encryptedCode\":\"c2VjcmV0\"}"), equalTo("{}"));
    }

    /** On a column, as the service's statements use it (a bound value would be folded into the plan, every branch of it). */
    private static String withoutCode(String payload) throws SQLException {
        var infra = LocalInfrastructureTestResource.endpoints();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUsername(), infra.dbPassword());
                Statement table = db.createStatement();
                PreparedStatement insert = db.prepareStatement("insert into stored (event_payload) values (?)");
                PreparedStatement select = db.prepareStatement("select " + DeliveryStore.WITHOUT_CODE.formatted("event_payload") + " from stored")) {
            table.execute("create temporary table stored (event_payload text not null)");
            insert.setString(1, payload);
            insert.executeUpdate();
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
