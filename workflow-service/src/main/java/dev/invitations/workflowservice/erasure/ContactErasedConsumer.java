package dev.invitations.workflowservice.erasure;

import dev.invitations.commons.erasure.ContactDataEraser;
import dev.invitations.commons.erasure.ContactErasures;
import dev.invitations.commons.inbox.PolledBatchConsumer;
import dev.invitations.contract.ContactErased;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Erases what this service holds of an erased contact: the runs stay (what ran, when, how it ended), but their input
 * keeps only the contact's id, and their output goes, as a workflow may have put anything of its input there. An
 * error that quotes the contact's name or address is replaced. A run still under way ends FAULTED: the engine holds
 * the old input in memory, and {@link dev.invitations.workflowservice.run.WorkflowRuns#finish} drops the result of a
 * run that is no longer RUNNING, so no output of it can be written after the erasure.
 */
@ApplicationScoped
public class ContactErasedConsumer implements ContactDataEraser {

    public static final String ENDED_BY_ERASURE = "The contact was erased before the run ended";
    static final String ERROR_REDACTED = "The error named the contact, who was erased";

    // Every right-hand side reads the row as it was, so the error is compared with the input before it is scrubbed.
    private static final String SCRUB_RUNS = """
            update workflow_run set
                input = cast(jsonb_set(cast(input as jsonb), '{contact}', jsonb_build_object('id', cast(contact_id as text))) as text),
                output = null,
                error = case
                    when status = 'RUNNING' then :endedByErasure
                    when strpos(error, nullif(cast(input as jsonb) -> 'contact' ->> 'fullName', '')) > 0
                      or strpos(error, nullif(cast(input as jsonb) -> 'contact' ->> 'emailAddress', '')) > 0 then :redacted
                    else error end,
                ended_at = case when status = 'RUNNING' then now() else ended_at end,
                status = case when status = 'RUNNING' then 'FAULTED' else status end,
                lease_expires_at = null,
                lease_owner = null
            where contact_id = any(cast(:contactIds as uuid[]))""";

    private final PolledBatchConsumer<ContactErased, Set<UUID>> batches;

    public ContactErasedConsumer(ContactErasures erasures) {
        this.batches = erasures.consumer(this);
    }

    @Incoming("contacts-erased")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consume(batch);
    }

    @Override
    public Uni<Void> erase(Set<UUID> contactIds) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(SCRUB_RUNS)
                        .setParameter("endedByErasure", ENDED_BY_ERASURE)
                        .setParameter("redacted", ERROR_REDACTED)
                        .setParameter("contactIds", contactIds.toArray(UUID[]::new))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
