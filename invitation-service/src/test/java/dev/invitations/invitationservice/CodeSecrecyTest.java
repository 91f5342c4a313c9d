package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The code is a secret: shown once to whoever creates the invitation, and kept nowhere in plaintext. */
@QuarkusTest
class CodeSecrecyTest {

    @Inject
    Pool database;

    @Test
    void codeIsShownOnlyInTheAnswerThatCreatesTheInvitation() {
        UUID contact = newContact("Sam Secret");
        Map<String, Object> body = groupInvitation(List.of(contact));
        Api.Invitation invitation = newInvitation(body);
        send(invitation.id()).statusCode(202);

        List<String> reads = List.of(
                getInvitation(invitation.id()).statusCode(200).extract().asString(),
                asStaff().get("/invitations").then().statusCode(200).extract().asString(),
                asStaff().queryParam("contactId", contact).get("/invitations").then().statusCode(200).extract().asString(),
                asStaff().get("/invitations/{id}/redemptions", invitation.id()).then().statusCode(200).extract().asString(),
                asStaff().post("/invitations/{id}/revoke", invitation.id()).then().statusCode(200).extract().asString());
        for (String read : reads) {
            assertFalse(read.contains(invitation.code()), "a read showed the code: " + read);
            assertFalse(read.contains("\"code\""), "a read has a code field: " + read);
        }
    }

    @Test
    void databaseHoldsNoPlaintextCodeInAnyTable() {
        UUID contact = newContact("Dana Database");
        Api.Invitation invitation = newInvitation(groupInvitation(List.of(contact)));
        send(invitation.id()).statusCode(202);
        redeem(redeemAs(invitation.code(), contact)).statusCode(200);

        List<String> tables = database.query("select table_name from information_schema.tables where table_schema = 'invitation' "
                        + "and table_type = 'BASE TABLE'")
                .execute().await().indefinitely().stream().map(row -> row.getString(0)).toList();
        assertTrue(tables.containsAll(List.of("invitation", "outbox_event", "redemption", "contact")), "tables: " + tables);
        List<String> holding = new ArrayList<>();
        for (String table : tables) {
            Row count = database.preparedQuery("select count(*) from invitation." + table + " t where t::text ilike $1")
                    .execute(Tuple.of("%" + invitation.code() + "%")).await().indefinitely().iterator().next();
            if (count.getLong(0) > 0) {
                holding.add(table);
            }
        }
        assertEquals(List.of(), holding, "tables holding the plaintext code");
    }
}
