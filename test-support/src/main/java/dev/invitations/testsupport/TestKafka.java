package dev.invitations.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
        return companion(ConfigProvider.getConfig(), bootstrapServers);
    }

    private static KafkaCompanion companion(Config config, String bootstrapServers) {
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

    /**
     * What {@link WithKafkaCompanion} does. The configuration is the test class's: Quarkus loads the class in its
     * application's class loader, whose configuration has the broker and login that the test resources gave.
     */
    public static final class PerTest implements BeforeEachCallback, AfterEachCallback {

        @Override
        public void beforeEach(ExtensionContext context) throws IllegalAccessException {
            Object test = context.getRequiredTestInstance();
            Config config = ConfigProvider.getConfig(test.getClass().getClassLoader());
            String bootstrapServers = config.getValue("kafka.bootstrap.servers", String.class);
            for (Field field : companionFields(test.getClass())) {
                field.set(test, companion(config, bootstrapServers));
            }
        }

        @Override
        public void afterEach(ExtensionContext context) throws IllegalAccessException {
            Object test = context.getRequiredTestInstance();
            for (Field field : companionFields(test.getClass())) {
                KafkaCompanion companion = (KafkaCompanion) field.get(test);
                if (companion != null) {
                    companion.close();
                    field.set(test, null);
                }
            }
        }

        private static List<Field> companionFields(Class<?> testClass) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> type = testClass; type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.getType() == KafkaCompanion.class && !Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        fields.add(field);
                    }
                }
            }
            return fields;
        }
    }
}
