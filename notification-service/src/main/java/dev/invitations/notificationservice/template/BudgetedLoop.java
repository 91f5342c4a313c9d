package dev.invitations.notificationservice.template;

import io.quarkus.qute.Expression;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.ResolutionContext;
import io.quarkus.qute.ResultNode;
import io.quarkus.qute.Scope;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionHelper;
import io.quarkus.qute.SectionHelperFactory;
import io.quarkus.qute.TemplateNode;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Qute's {@code #for} / {@code #each}, drawing on the rendering's {@link RenderBudget}: the number of turns is known
 * (a number or a sized list) and reserved before the first turn, so {@code {#for i in 1000000000}} is refused before
 * Qute allocates anything for it; every turn checks the time and charges the output it produced.
 */
final class BudgetedLoop implements SectionHelper {

    static final class Factory implements SectionHelperFactory<BudgetedLoop> {

        private final LoopSectionHelper.Factory loops = new LoopSectionHelper.Factory();

        @Override
        public List<String> getDefaultAliases() {
            return loops.getDefaultAliases();
        }

        @Override
        public ParametersInfo getParameters() {
            return loops.getParameters();
        }

        @Override
        public List<String> getBlockLabels() {
            return loops.getBlockLabels();
        }

        @Override
        public Scope initializeBlock(Scope previousScope, BlockInfo block) {
            return loops.initializeBlock(previousScope, block);
        }

        @Override
        public BudgetedLoop initialize(SectionInitContext context) {
            return new BudgetedLoop(loops.initialize(context), context.getExpression("iterable"), context.getOrigin());
        }
    }

    private final SectionHelper loop;
    private final Expression iterable;
    private final TemplateNode.Origin origin;

    private BudgetedLoop(SectionHelper loop, Expression iterable, TemplateNode.Origin origin) {
        this.loop = loop;
        this.iterable = iterable;
        this.origin = origin;
    }

    /** What the loop iterates over, as written: checked at parse time when it is a number. */
    Expression iterable() {
        return iterable;
    }

    TemplateNode.Origin origin() {
        return origin;
    }

    @Override
    public CompletionStage<ResultNode> resolve(SectionResolutionContext context) {
        RenderBudget budget = (RenderBudget) context.resolutionContext().getAttribute(RenderBudget.ATTRIBUTE);
        if (budget == null) {
            throw new IllegalStateException("Sandboxed templates are rendered through TemplateSandbox only");
        }
        return context.resolutionContext().evaluate(iterable).thenCompose(value -> {
            budget.checkTime(origin);
            budget.reserveIterations(turns(value), origin);
            return loop.resolve(new Turns(context, budget));
        });
    }

    private long turns(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return Math.max(0, ((Number) value).longValue());
        } else if (value instanceof Collection<?> collection) {
            return collection.size();
        } else if (value instanceof Map<?, ?> map) {
            return map.size();
        } else if (value != null && value.getClass().isArray()) {
            return Array.getLength(value);
        } else if (value instanceof Iterable<?> || value instanceof java.util.Iterator<?> || value instanceof java.util.stream.Stream<?>) {
            throw new SandboxViolation(origin, "a loop may go over a number or a list only");
        }
        return 0; // null or not iterable: Qute's loop names the problem
    }

    /** Each turn of the loop: time checked before, output charged after (minus what loops inside it charged). */
    private final class Turns implements SectionResolutionContext {

        private final SectionResolutionContext context;
        private final RenderBudget budget;

        Turns(SectionResolutionContext context, RenderBudget budget) {
            this.context = context;
            this.budget = budget;
        }

        @Override
        public CompletionStage<ResultNode> execute(SectionBlock block, ResolutionContext resolutionContext) {
            budget.checkTime(origin);
            long chargedBefore = budget.outputCharged();
            return context.execute(block, resolutionContext).thenApply(node -> {
                long[] characters = { 0 };
                node.process(chunk -> characters[0] += chunk.length());
                long chargedInside = budget.outputCharged() - chargedBefore;
                budget.chargeOutput(characters[0] - chargedInside, origin);
                return node;
            });
        }

        @Override
        public CompletionStage<Map<String, Object>> evaluate(Map<String, Expression> parameters) {
            return context.evaluate(parameters);
        }

        @Override
        public ResolutionContext resolutionContext() {
            return context.resolutionContext();
        }

        @Override
        public ResolutionContext newResolutionContext(Object data, Map<String, SectionBlock> extendingBlocks) {
            return context.newResolutionContext(data, extendingBlocks);
        }

        @Override
        public Map<String, Object> getParameters() {
            return context.getParameters();
        }
    }
}
