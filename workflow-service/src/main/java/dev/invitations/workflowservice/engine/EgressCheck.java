package dev.invitations.workflowservice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The egress policy applied to a document at registration: every destination written literally in it (an HTTP
 * call's endpoint, an OAuth2 authority or token endpoint, a function's endpoint) must be allowed, and nothing may point
 * at an external resource (a schema by URI, a JSON Schema {@code $ref} outside the document). Destinations built by
 * runtime expressions are checked when the run makes the request.
 */
final class EgressCheck {

    /** Keys whose string value is a URI (or URI template) the engine may send a request to. */
    private static final Set<String> DESTINATION_KEYS = Set.of("endpoint", "uri", "authority");
    private static final Set<String> SCHEMA_REFERENCE_KEYS = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    /** Keys whose value is the workflow's data (written to the model or sent), never a destination of the engine. */
    private static final Set<String> DATA_KEYS = Set.of("set", "body", "headers", "query", "as", "from", "metadata");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^}]*}");

    static List<String> violations(JsonNode document, EgressPolicy policy) {
        List<String> violations = new ArrayList<>();
        walk(document, "", null, false, policy, violations);
        return violations;
    }

    /** {@code inSchema}: inside a JSON Schema, where only references are looked at. */
    private static void walk(JsonNode node, String at, String key, boolean inSchema, EgressPolicy policy, List<String> violations) {
        if (node.isObject()) {
            if (!inSchema && "resource".equals(key) && node.has("endpoint")) {
                violations.add(at + ": external resources are not loaded; put the schema inline (schema.document)");
                return;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (!inSchema && DATA_KEYS.contains(name)) {
                    continue;
                }
                boolean schema = inSchema || ("document".equals(name) && "schema".equals(key));
                walk(field.getValue(), at + "/" + name, name, schema, policy, violations);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, null, inSchema, policy, violations);
            }
        } else if (node.isTextual() && key != null) {
            String text = node.textValue().strip();
            if (inSchema) {
                if (SCHEMA_REFERENCE_KEYS.contains(key) && !text.startsWith("#")) {
                    violations.add(at + ": schema references outside the document are not loaded (" + text + ")");
                }
            } else if (DESTINATION_KEYS.contains(key) && !isExpression(text) && SCHEME.matcher(text).matches()) {
                refusal(text, policy).ifPresent(reason -> violations.add(at + ": " + text + " is refused: " + reason));
            }
        }
    }

    private static Optional<String> refusal(String text, EgressPolicy policy) {
        int schemeEnd = text.indexOf(':');
        String rest = text.substring(schemeEnd + 1);
        if (rest.startsWith("//")) {
            int authorityEnd = rest.length();
            for (char end : new char[]{'/', '?', '#'}) {
                int at = rest.indexOf(end, 2);
                if (at >= 0 && at < authorityEnd) {
                    authorityEnd = at;
                }
            }
            if (rest.substring(2, authorityEnd).contains("{")) {
                return Optional.empty(); // a host from a template variable: checked when the run sends the request
            }
        }
        try {
            return policy.refusal(new URI(TEMPLATE_VARIABLE.matcher(text).replaceAll("x")));
        } catch (URISyntaxException invalid) {
            return Optional.of("not a valid URI (" + invalid.getReason() + ")");
        }
    }

    private static boolean isExpression(String text) {
        return text.startsWith("${") && text.endsWith("}");
    }

    private EgressCheck() {
    }
}
