package dev.invitations.endtoend.deployment;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checker the descriptor tests rely on: it must refuse what a service would silently ignore. */
class ServiceConfigurationTest {

    private final ServiceConfiguration invitation = ServiceConfiguration.of("invitation-service");

    @Test
    void aMisspelledVariableMapsToNothingTheServiceReads() {
        assertAll(
                () -> assertIgnored(invitation, "QUARKUS_DATASOURCE_USERNAM"),
                () -> assertIgnored(invitation, "KAFKA_BOOTSTRAP_SERVER"),
                () -> assertIgnored(invitation, "QUARKUS_REST_CLIENT_REDEMPTON_SERVICE_URL"),
                () -> assertIgnored(ServiceConfiguration.of("notification-service"), "NOTIFICATION_REDEMPTION_PAGE"));
    }

    @Test
    void variablesOfEverySourceOfConfigurationAreRead() {
        ServiceConfiguration notification = ServiceConfiguration.of("notification-service");
        assertAll(
                () -> assertRead(invitation, "QUARKUS_DATASOURCE_USERNAME"), // an extension's model
                () -> assertRead(invitation, "QUARKUS_HTTP_PORT"), // ... and application.properties
                () -> assertRead(invitation, "QUARKUS_REST_CLIENT_REDEMPTION_SERVICE_URL"), // a REST client configKey
                () -> assertRead(invitation, "KAFKA_BOOTSTRAP_SERVERS"), // Kafka channels' default
                () -> assertRead(notification, "QUARKUS_MAILER_HOST"),
                () -> assertRead(notification, "NOTIFICATION_REDEMPTION_PAGE_URL"), // a @ConfigMapping
                () -> assertRead(ServiceConfiguration.of("workflow-service"),
                        "WORKFLOW_SECRETS_WELCOMEWEBHOOK_TOKEN")); // a map of a @ConfigMapping
    }

    @Test
    void portalWebReadsItsOwnSettingsAndNothingOfTheServicesDatabaseKafkaOrCommons() {
        ServiceConfiguration web = ServiceConfiguration.of(Descriptors.WEB);
        assertAll(
                () -> assertRead(web, "PORTAL_WEB_SESSION_CODE_LIFETIME"), // its @ConfigMapping
                () -> assertRead(web, "PORTAL_OIDC_CLIENT_SECRET"), // a property expression of application.properties
                () -> assertRead(web, "QUARKUS_REST_CLIENT_INVITATION_SERVICE_URL"), // a REST client configKey
                () -> assertIgnored(web, "QUARKUS_DATASOURCE_USERNAME"),
                () -> assertIgnored(web, "KAFKA_BOOTSTRAP_SERVERS"),
                () -> assertIgnored(web, "OUTBOX_RELAY_INTERVAL")); // service-commons', which portal-web is not built on
    }

    @Test
    void mailerSettingsMeanNothingToAServiceWithoutTheMailer() {
        assertIgnored(invitation, "QUARKUS_MAILER_HOST");
    }

    @Test
    void aPropertyFixedAtBuildTimeIsNoRunTimeSetting() {
        Optional<String> problem = invitation.problemWith("QUARKUS_DATASOURCE_DB_KIND");
        assertTrue(problem.isPresent() && problem.get().contains("build time"), problem::toString);
    }

    private static void assertIgnored(ServiceConfiguration configuration, String variable) {
        assertTrue(configuration.problemWith(variable).isPresent(),
                variable + " should not count as read by " + configuration.module());
    }

    private static void assertRead(ServiceConfiguration configuration, String variable) {
        assertEquals(Optional.empty(), configuration.problemWith(variable), configuration.module());
    }
}
