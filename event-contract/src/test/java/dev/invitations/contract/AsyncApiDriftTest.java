package dev.invitations.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/asyncapi.yaml and the contract in step: a topic, an event type or a record field added on one side only
 * fails the build, naming what is missing where.
 */
class AsyncApiDriftTest {

    private static final String DOCUMENT = "docs/asyncapi.yaml";
    private static final String DEAD_LETTER_PREFIX = Topics.deadLetter("");
    private static final String EVENT_TYPE_PREFIX = "dev.invitations.";

    private static JsonNode document;

    @BeforeAll
    static void readDocument() throws IOException {
        // Surefire runs in the module's folder; the document lives in the project's docs.
        Path path = Path.of(System.getProperty("basedir", ".")).resolve("..").resolve(DOCUMENT);
        document = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    }

    @Test
    void everyTopicIsAChannelAndEveryChannelATopic() {
        Set<String> addresses = stream(document.path("channels")).map(channel -> channel.path("address").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> topics = new TreeSet<>(constants(Topics.class));

        assertEquals(topics, addresses.stream().filter(address -> !address.startsWith(DEAD_LETTER_PREFIX))
                .collect(Collectors.toCollection(TreeSet::new)), "the Topics constants and the channels of " + DOCUMENT);
        assertEquals(Set.of(Topics.deadLetter("{service}")), addresses.stream()
                .filter(address -> address.startsWith(DEAD_LETTER_PREFIX)).collect(Collectors.toSet()));
    }

    @Test
    void everyEventAndCommandTypeIsTheTypeOfExactlyOneMessage() {
        Map<String, Long> messagesByType = stream(document.path("components").path("messages"))
                .map(AsyncApiDriftTest::ceType)
                .filter(type -> !type.isEmpty())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Set<String> types = new TreeSet<>(constants(EventTypes.class));
        types.addAll(constants(CommandTypes.class));

        for (String type : types) {
            assertEquals(1L, messagesByType.getOrDefault(type, 0L), "messages of " + DOCUMENT + " whose ce_type is " + type);
        }
        assertEquals(types, new TreeSet<>(messagesByType.keySet()), "every documented ce_type is a constant");
    }

    @Test
    void everyRecordHasItsFieldsDocumentedWithTheirTypesAndWhichAreRequired() {
        List<String> drift = new ArrayList<>();
        for (String eventType : constants(EventTypes.class)) {
            Class<?> record = recordOf(eventType);
            compareRecord(record, payloadSchema(eventType), record.getSimpleName(), drift);
        }
        assertEquals(List.of(), drift, "differences between the event-contract records and " + DOCUMENT);
    }

    @Test
    void everySampleIsValidAgainstItsDocumentedSchema() {
        for (Record sample : Samples.all()) {
            assertEquals(Set.of(), validate(sample.getClass(), EventJson.mapper().valueToTree(sample)),
                    sample.getClass().getSimpleName());
        }
    }

    /** Without this, a validator that resolves nothing would pass every sample. */
    @Test
    void documentedSchemaRefusesARecordWithoutARequiredNestedField() {
        ObjectNode json = EventJson.mapper().valueToTree(Samples.invitationSent(Samples.recipient()));
        ((ObjectNode) json.path("recipient")).remove("email");
        ((ObjectNode) json.path("sender")).put("email", "not-an-address");

        Set<String> errors = validate(InvitationSent.class, json);

        assertTrue(errors.stream().anyMatch(error -> error.startsWith("/recipient: required property 'email'")), errors.toString());
        assertTrue(errors.stream().anyMatch(error -> error.startsWith("/sender/email: does not match the email pattern")),
                errors.toString());
    }

    private static void compareRecord(Class<?> record, JsonNode schema, String path, List<String> drift) {
        JsonNode properties = schema.path("properties");
        Set<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        properties.fieldNames().forEachRemaining(documented::add);
        components.stream().filter(name -> !documented.contains(name))
                .forEach(name -> drift.add(path + "." + name + ": a record component missing from the schema"));
        documented.stream().filter(name -> !components.contains(name))
                .forEach(name -> drift.add(path + "." + name + ": documented, but the record has no such component"));

        Set<String> required = Arrays.stream(record.getRecordComponents())
                .filter(component -> isRequired(field(record, component)))
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documentedRequired = stream(schema.path("required")).map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!required.equals(documentedRequired)) {
            drift.add(path + ": required " + documentedRequired + ", but @NotNull/@NotBlank/@NotEmpty on " + required);
        }

        for (RecordComponent component : record.getRecordComponents()) {
            if (documented.contains(component.getName())) {
                compareType(component.getGenericType(), field(record, component), resolve(properties.path(component.getName())),
                        path + "." + component.getName(), drift);
            }
        }
    }

    private static void compareType(Type type, Field field, JsonNode schema, String path, List<String> drift) {
        Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
        if (raw == JsonNode.class) {
            if (schema.has("type")) {
                drift.add(path + ": any JSON, but documented as " + schema.path("type"));
            }
        } else if (raw == UUID.class) {
            expect(schema, "string", "uuid", path, drift);
        } else if (raw == Instant.class) {
            expect(schema, "string", "date-time", path, drift);
        } else if (raw == String.class) {
            boolean email = field != null && field.isAnnotationPresent(Email.class);
            expect(schema, "string", email ? "email" : null, path, drift);
            Size size = field == null ? null : field.getAnnotation(Size.class);
            String maxLength = size == null ? "" : String.valueOf(size.max());
            if (!maxLength.equals(schema.path("maxLength").asText())) {
                drift.add(path + ": @Size(max) " + maxLength + ", but maxLength " + schema.path("maxLength"));
            }
        } else if (raw == int.class || raw == Integer.class) {
            expect(schema, "integer", null, path, drift);
        } else if (raw.isEnum()) {
            List<String> constants = Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList();
            List<String> documented = stream(schema.path("enum")).map(JsonNode::asText).toList();
            if (!constants.equals(documented)) {
                drift.add(path + ": enum " + constants + ", but documented " + documented);
            }
        } else if (raw == List.class) {
            expect(schema, "array", null, path, drift);
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            compareType(element, null, resolve(schema.path("items")), path + "[]", drift);
        } else if (raw.isRecord()) {
            compareRecord(raw, schema, path, drift);
        } else {
            drift.add(path + ": " + raw.getName() + " has no JSON form this test knows; teach it one");
        }
    }

    private static void expect(JsonNode schema, String type, String format, String path, List<String> drift) {
        if (!type.equals(schema.path("type").asText())) {
            drift.add(path + ": a JSON " + type + ", but documented as " + schema.path("type"));
        }
        String documentedFormat = schema.path("format").asText(null);
        if (format == null ? documentedFormat != null : !format.equals(documentedFormat)) {
            drift.add(path + ": format " + format + ", but documented " + documentedFormat);
        }
    }

    private static boolean isRequired(Field field) {
        return field.isAnnotationPresent(NotNull.class) || field.isAnnotationPresent(NotBlank.class)
                || field.isAnnotationPresent(NotEmpty.class);
    }

    /** A record component's declaration annotations land on its field (their targets include FIELD, not RECORD_COMPONENT). */
    private static Field field(Class<?> record, RecordComponent component) {
        try {
            return record.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> validate(Class<?> record, JsonNode json) {
        ObjectNode standalone = payloadSchema(EVENT_TYPE_PREFIX + record.getSimpleName()).deepCopy();
        // The payload's $refs point into the document's components; a copy of them makes the schema self-contained.
        standalone.putObject("components").set("schemas", document.path("components").path("schemas"));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(standalone, config);
        return schema.validate(json).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    private static JsonNode payloadSchema(String eventType) {
        JsonNode message = stream(document.path("components").path("messages"))
                .filter(candidate -> eventType.equals(ceType(candidate)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message of " + DOCUMENT + " has ce_type " + eventType));
        return resolve(message.path("payload"));
    }

    private static JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        assertFalse(!ref.isEmpty() && !ref.startsWith("#/"), "only local references: " + ref);
        return ref.isEmpty() ? schema : resolve(document.at(ref.substring(1)));
    }

    /** The constant value of the message's {@code ce_type} header, wherever in its {@code allOf} it is set. */
    private static String ceType(JsonNode message) {
        return message.path("headers").findValues("ce_type").stream()
                .map(property -> property.path("const").asText(""))
                .filter(value -> !value.isEmpty())
                .findFirst()
                .orElse("");
    }

    private static Class<?> recordOf(String eventType) {
        try {
            return Class.forName(Topics.class.getPackageName() + "." + eventType.substring(EVENT_TYPE_PREFIX.length()));
        } catch (ClassNotFoundException e) {
            throw new AssertionError("event type " + eventType + " names no record of the contract", e);
        }
    }

    private static List<String> constants(Class<?> holder) {
        return Arrays.stream(holder.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(field -> {
                    try {
                        return (String) field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static Stream<JsonNode> stream(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false);
    }
}
