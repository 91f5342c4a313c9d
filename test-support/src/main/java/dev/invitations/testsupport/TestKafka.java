package dev.invitations.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Kafka companions that log in: the broker takes SASL/SCRAM only and authorizes every request, and the tests read
 * and write every service's topics, so they log in as the super user that the test configuration ({@code kafka.*},
 * from local-infra's {@code Endpoints.quarkusConfig()}) names.
 */
public final class TestKafka {

    /** The client settings, under {@code kafka.}, that say how to log in. */
    public static final List<String> LOGIN_KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config");

    private TestKafka() {
    }

    /** A companion on {@code bootstrapServers} with the login of the running test's configuration. */
    public static KafkaCompanion companion(String bootstrapServers) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> kafka = new HashMap<>();
        for (String key : LOGIN_KEYS) {
            config.getOptionalValue("kafka." + key, String.class).ifPresent(value -> kafka.put("kafka." + key, value));
        }
        kafka.put("kafka.bootstrap.servers", bootstrapServers);
        return companion(kafka);
    }

    /** A companion on {@code kafka.bootstrap.servers} of a Quarkus configuration, with its {@code kafka.*} login. */
    public static KafkaCompanion companion(Map<String, String> quarkusConfig) {
        KafkaCompanion companion = new KafkaCompanion(quarkusConfig.get("kafka.bootstrap.servers"));
        Map<String, Object> common = new HashMap<>(companion.getCommonClientConfig());
        for (String key : LOGIN_KEYS) {
            String value = quarkusConfig.get("kafka." + key);
            if (value != null) {
                common.put(key, value);
            }
        }
        companion.setCommonClientConfig(common);
        return companion;
    }
}
