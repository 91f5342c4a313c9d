package dev.invitations.redemptionservice.webrole;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.commons.problem.Problem;
import dev.invitations.redemptionservice.PortalFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebRoleResourceTest {

    @Test
    void createdWebRoleIsListedAndReadBackById() {
        String name = PortalFixtures.unique("Partner");
        String id = asStaff().contentType(ContentType.JSON).body(Map.of("name", name, "description", "Sees partner pages"))
                .post("/web-roles")
                .then().statusCode(201)
                .body("name", equalTo(name))
                .body("description", equalTo("Sees partner pages"))
                .extract().path("id");

        asStaff().get("/web-roles/{id}", id)
                .then().statusCode(200)
                .body("name", equalTo(name));
        asStaff().get("/web-roles")
                .then().statusCode(200)
                .body("id", hasItem(id));
    }

    @Test
    void descriptionIsOptional() {
        asStaff().contentType(ContentType.JSON).body(Map.of("name", PortalFixtures.unique("Reader")))
                .post("/web-roles")
                .then().statusCode(201)
                .body("description", nullValue());
    }

    @Test
    void nameIsUniqueIgnoringCase() {
        String name = PortalFixtures.unique("Customer Service");
        asStaff().contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/web-roles")
                .then().statusCode(201);

        asStaff().contentType(ContentType.JSON).body(Map.of("name", "  " + name.toUpperCase() + " "))
                .post("/web-roles")
                .then().statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.typeOf("web-role-name-taken")))
                .body("detail", containsString("already exists"));
    }

    @Test
    void concurrentCreationsOfOneNameMakeExactlyOneRole() throws Exception {
        String name = PortalFixtures.unique("Reseller");
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Callable<Integer>> creations = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String spelling = i % 2 == 0 ? name : name.toLowerCase();
                creations.add(() -> asStaff().contentType(ContentType.JSON).body(Map.of("name", spelling))
                        .post("/web-roles").statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(creations, 60, TimeUnit.SECONDS)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(attempts - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingNameIsRefusedNamingTheField() {
        asStaff().contentType(ContentType.JSON).body(Map.of("description", "no name"))
                .post("/web-roles")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", contains("name"));
    }

    @Test
    void deletedWebRoleIsGone() {
        UUID id = PortalFixtures.createWebRole("Temporary");

        asStaff().delete("/web-roles/{id}", id).then().statusCode(204);

        asStaff().get("/web-roles/{id}", id).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        asStaff().get("/web-roles").then().body("id", not(hasItem(id.toString())));
        asStaff().delete("/web-roles/{id}", id).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void unknownOrMalformedIdIsA404Problem() {
        asStaff().get("/web-roles/{id}", UUID.randomUUID()).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        asStaff().get("/web-roles/{id}", "not-a-uuid").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }
}
