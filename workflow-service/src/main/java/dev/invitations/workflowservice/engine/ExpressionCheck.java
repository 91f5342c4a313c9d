package dev.invitations.workflowservice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessworkflow.impl.expressions.jq.JQExpressionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles every runtime expression of a document. The engine compiles a task's top-level expressions when it builds
 * the definition, but those nested in objects (a {@code set} map, a request {@code body}) only when a run reaches
 * them; a typo there would surface as a FAULTED run instead of a refused registration.
 */
final class ExpressionCheck {

    private static final JQExpressionFactory JQ = new JQExpressionFactory();

    static List<String> errors(JsonNode document) {
        List<String> errors = new ArrayList<>();
        walk(document, "", errors);
        return errors;
    }

    private static void walk(JsonNode node, String at, List<String> errors) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                walk(field.getValue(), at + "/" + field.getKey(), errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, errors);
            }
        } else if (node.isTextual() && isExpression(node.textValue())) {
            try {
                JQ.buildExpression(node.textValue());
            } catch (IllegalArgumentException e) {
                String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                errors.add(at + ": " + reason);
            }
        }
    }

    private static boolean isExpression(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("${") && trimmed.endsWith("}");
    }

    private ExpressionCheck() {
    }
}
