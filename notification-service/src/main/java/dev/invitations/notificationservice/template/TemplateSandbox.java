package dev.invitations.notificationservice.template;

import dev.invitations.commons.problem.Problem;
import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.qute.CompletedStage;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Expression;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.SetSectionHelper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.ValueResolver;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import io.quarkus.qute.WhenSectionHelper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The engine stored templates are parsed and rendered with: built here with {@code Engine.builder()}, not the
 * application's Qute engine, so that a template sees the email's model and nothing else. No namespaces ({@code config:},
 * {@code inject:}, {@code cdi:}...), no method calls on model objects (only their properties, through the resolvers
 * registered below), no includes or {@code #eval}; loops, output and time limited per rendering ({@link RenderBudget}).
 * A draft is checked at parse time ({@link #parse}) so that an editor is told what is wrong before anything is stored;
 * the same engine renders it later, so a rule the check missed still holds at run time.
 */
@ApplicationScoped
public class TemplateSandbox {

    /** The model's values and, for each, its properties: what {@code docs/services/notification-service.md} documents. */
    static final Map<String, Set<String>> MODEL = Map.of(
            "recipient", Set.of("name", "email"),
            "invitation", Set.of("name", "code", "type", "expiresAt"),
            "sender", Set.of("name", "email"),
            "inviter", Set.of("name", "email"),
            "redemptionUrl", Set.of());
    /** {@code {inviter.name ?: sender.name}} / {@code {x or y}}: the one operator registered (orResolver). */
    private static final Set<String> ALLOWED_OPERATORS = Set.of("?:", "or");

    private final Engine engine;
    private final int maxIterations;
    private final int maxOutput;
    private final Duration renderTimeout;

    public TemplateSandbox(NotificationConfig config) {
        this.maxIterations = config.templates().maxLoopIterations();
        this.maxOutput = config.templates().maxOutputChars();
        this.renderTimeout = config.templates().renderTimeout();
        this.engine = Engine.builder()
                .addSectionHelper(new IfSectionHelper.Factory())
                .addSectionHelper(new BudgetedLoop.Factory())
                .addSectionHelper(new SetSectionHelper.Factory())
                .addSectionHelper(new WhenSectionHelper.Factory())
                // The template's data map and a loop's element and metadata ({i_count}) are Qute Mappers: nothing else is.
                .addValueResolver(ValueResolvers.mapperResolver())
                .addValueResolver(ValueResolvers.orResolver())
                .addValueResolver(new Properties<TemplateModel.Recipient>(TemplateModel.Recipient.class,
                        Map.of("name", TemplateModel.Recipient::name, "email", TemplateModel.Recipient::email)))
                .addValueResolver(new Properties<TemplateModel.Invitation>(TemplateModel.Invitation.class,
                        Map.of("name", TemplateModel.Invitation::name, "code", TemplateModel.Invitation::code,
                                "type", TemplateModel.Invitation::type, "expiresAt", TemplateModel.Invitation::expiresAt)))
                .addValueResolver(new Properties<TemplateModel.Person>(TemplateModel.Person.class,
                        Map.of("name", TemplateModel.Person::name, "email", TemplateModel.Person::email)))
                .addResultMapper(new NoModelObjects())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
                .removeStandaloneLines(true)
                .strictRendering(true)
                .build();
    }

    Duration renderTimeout() {
        return renderTimeout;
    }

    /** Parses one part and checks it against the sandbox's rules; each problem is added as an error of this field. */
    Template parse(String field, String source, Variant variant, List<Problem.FieldError> errors) {
        Template template;
        try {
            template = engine.parse(source, variant);
        } catch (TemplateException e) {
            errors.add(new Problem.FieldError(field, TemplateRenderer.describe(e)));
            return null;
        }
        Map<String, TemplateNode.Origin> problems = new LinkedHashMap<>();
        template.getExpressions().forEach(expression -> check(expression, problems));
        template.findNodes(TemplateNode::isExpression).forEach(node -> {
            Expression expression = node.asExpression().getExpressions().get(0);
            if (!expression.isLiteral() && expression.getParts().size() == 1 && !expression.hasNamespace()
                    && MODEL.containsKey(expression.getParts().get(0).getName())
                    && !MODEL.get(expression.getParts().get(0).getName()).isEmpty()) {
                String root = expression.getParts().get(0).getName();
                problems.putIfAbsent("'" + root + "' is not a value: use one of its properties ("
                        + String.join(", ", MODEL.get(root).stream().sorted().map(p -> root + "." + p).toList()) + ")",
                        expression.getOrigin());
            }
        });
        template.findNodes(node -> node.isSection() && node.asSection().getHelper() instanceof BudgetedLoop).forEach(node -> {
            BudgetedLoop loop = (BudgetedLoop) node.asSection().getHelper();
            Expression iterable = loop.iterable();
            if (iterable.isLiteral() && iterable.getLiteral() instanceof Number turns && turns.longValue() > maxIterations) {
                problems.putIfAbsent("a loop of " + turns + " turns is more than the limit of " + maxIterations
                        + " (notification.templates.max-loop-iterations)", node.getOrigin());
            }
        });
        problems.forEach((problem, origin) -> errors.add(new Problem.FieldError(field,
                (origin == null ? "" : "line " + origin.getLine() + ": ") + problem)));
        return problems.isEmpty() ? template : null;
    }

    private static void check(Expression expression, Map<String, TemplateNode.Origin> problems) {
        if (expression.hasNamespace()) {
            problems.putIfAbsent("namespace '" + expression.getNamespace() + ":' is not allowed", expression.getOrigin());
            return;
        }
        if (expression.isLiteral()) {
            return;
        }
        List<Expression.Part> parts = expression.getParts();
        for (Expression.Part part : parts) {
            if (part.isVirtualMethod()) {
                if (!ALLOWED_OPERATORS.contains(part.getName())) {
                    problems.putIfAbsent("method call '" + part.getName() + "()' is not allowed: a template may use the "
                            + "model's properties only", expression.getOrigin());
                    return;
                }
                part.asVirtualMethod().getParameters().forEach(parameter -> check(parameter, problems));
            }
        }
        String root = parts.get(0).getName();
        Set<String> properties = MODEL.get(root);
        if (properties == null || parts.size() < 2) {
            return; // a variable of the template's own ({#for}, {#let}): checked when rendered
        }
        Expression.Part property = parts.get(1);
        if (!property.isVirtualMethod() && !properties.contains(property.getName())) {
            problems.putIfAbsent("unknown property '" + property.getName() + "' of " + root
                    + (properties.isEmpty() ? " (it is text and has none)" : " (it has " + String.join(", ",
                            properties.stream().sorted().toList()) + ")"), expression.getOrigin());
        } else if (parts.size() > 2 && !parts.get(2).isVirtualMethod()) {
            problems.putIfAbsent("unknown property '" + parts.get(2).getName() + "' of " + root + "." + property.getName()
                    + " (it is text and has none)", expression.getOrigin());
        }
    }

    /**
     * Renders one part within the limits. Synchronous: the model's values are at hand, so nothing waits.
     *
     * @throws TemplateException if the template breaks a rule or a limit, or does not render with these values
     */
    String render(Template template, Map<String, Object> data) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            // The time limit stops a template, but not before it has held the thread that long: never an event loop.
            throw new IllegalStateException("Templates are rendered on the template-rendering pool, not on an event loop");
        }
        RenderBudget budget = new RenderBudget(maxIterations, maxOutput, renderTimeout);
        TemplateInstance instance = template.instance();
        data.forEach(instance::data);
        instance.setAttribute(RenderBudget.ATTRIBUTE, budget);
        CompletableFuture<String> rendering = instance.renderAsync().toCompletableFuture();
        if (!rendering.isDone()) {
            rendering.cancel(true);
            throw new TemplateException("the template did not render synchronously");
        }
        String output;
        try {
            output = rendering.join();
        } catch (CompletionException e) {
            Throwable cause = e;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof TemplateException templateProblem) {
                throw templateProblem;
            }
            throw new TemplateException(cause);
        }
        budget.checkOutput(output.length(), null);
        return output;
    }

    /** Only the listed properties of one model record; time is checked at each, so a long rendering stops. */
    private static final class Properties<T> implements ValueResolver {

        private final Class<T> type;
        private final Map<String, Function<T, Object>> properties;

        Properties(Class<T> type, Map<String, Function<T, Object>> properties) {
            this.type = type;
            this.properties = properties;
        }

        @Override
        public boolean appliesTo(EvalContext context) {
            return type.isInstance(context.getBase()) && context.getParams().isEmpty() && properties.containsKey(context.getName());
        }

        @Override
        public CompletionStage<Object> resolve(EvalContext context) {
            RenderBudget budget = (RenderBudget) context.getAttribute(RenderBudget.ATTRIBUTE);
            if (budget != null) {
                budget.checkTime(null);
            }
            return CompletedStage.of(properties.get(context.getName()).apply(type.cast(context.getBase())));
        }
    }

    /** {@code {invitation}} would print the record's toString(): a model object is not a value. */
    private static final class NoModelObjects implements ResultMapper {

        @Override
        public int getPriority() {
            return 100;
        }

        @Override
        public boolean appliesTo(TemplateNode.Origin origin, Object result) {
            return result instanceof Record;
        }

        @Override
        public String map(Object result, Expression expression) {
            throw new TemplateException(expression.getOrigin(), "'" + expression.toOriginalString()
                    + "' is not a value: use one of its properties");
        }
    }
}
