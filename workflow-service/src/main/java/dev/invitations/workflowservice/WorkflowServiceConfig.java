package dev.invitations.workflowservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of workflow-service, under the {@code workflow} prefix. */
@ConfigMapping(prefix = "workflow")
public interface WorkflowServiceConfig {

    Definitions definitions();

    Runs runs();

    Http http();

    Egress egress();

    /**
     * Values a workflow reads as {@code $secret.<name>.<key>} or names in {@code use.secrets}, given as
     * {@code workflow.secrets.<name>.<key>}. Only these are visible to workflows: the engine's default would expose
     * every JVM system property to any registered document.
     */
    Map<String, Map<String, String>> secrets();

    interface Definitions {
        /** The largest workflow document accepted, in UTF-8 bytes. */
        @WithDefault("262144")
        @Min(1024)
        int maxDocumentBytes();
    }

    interface Runs {
        /**
         * Runs executing at once in this instance; further RUNNING runs wait in the database until a slot frees. Also
         * the most a claim takes and a group of results holds: 16 held one-step runs to 200 a second on a loaded
         * machine, the round trips of each claim and group being the limit, where 64 went 2.3 times as fast
         * (docs/benchmarks.md). The engine's pool has as many threads, created as runs need them.
         */
        @WithDefault("64")
        @Min(1)
        @Max(1024)
        int maxInFlight();

        /** A run still going after this long is cancelled and recorded FAULTED. */
        @WithDefault("5M")
        Duration timeout();

        /**
         * How long a claim on a run lasts without renewal: the instance executing a run renews it every
         * {@link #heartbeatInterval}, so a run of an instance that died is taken over by another instance (or this one
         * after a restart) at most this long, plus a poll, after its last renewal, however long the run may take.
         */
        @WithDefault("20S")
        Duration lease();

        /** How often the instance renews the claims on the runs it is executing; must be shorter than the lease. */
        @WithDefault("5S")
        Duration heartbeatInterval();

        /** How often the database is polled for RUNNING runs nobody holds; new runs are also dispatched at once. */
        @WithDefault("1S")
        Duration pollInterval();

        /**
         * Results of runs that end close together are recorded by one statement: a group goes once every run in flight
         * has ended, or this long after its first result, whichever is first.
         */
        @WithDefault("5ms")
        Duration recordInterval();
    }

    interface Http {
        /** Connect timeout of the HTTP calls workflows make. */
        @WithDefault("5S")
        Duration connectTimeout();

        /** Read timeout of the HTTP calls workflows make; a workflow can retry with its own try/catch. */
        @WithDefault("30S")
        Duration readTimeout();
    }

    /** Where workflows may send requests, and how much of an answer they may read (see {@code EgressPolicy}). */
    interface Egress {
        /**
         * The destinations workflows may call, as {@code HOST[:PORT]}: a DNS name, {@code *.domain}, an IPv4
         * address, {@code [IPv6]} or a CIDR block; no port (or {@code *}) means any port. Empty (the default): no
         * workflow may call anything. Loopback, private, link-local and the other internal addresses are reachable
         * only through an address entry, never through a name that resolves to them.
         */
        Optional<List<String>> allow();

        /** The largest answer body a workflow's request may read; a larger one fails the run. */
        @WithDefault("1048576")
        @Min(1)
        long maxResponseBytes();
    }
}
