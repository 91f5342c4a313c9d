package dev.invitations.invitationservice.sending;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.contract.EventJson;
import dev.invitations.invitationservice.invitation.DeliveryStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeliveryStatusService {

    private static final int MAX_REASON_LENGTH = 1000;

    private static final ObjectMapper ROWS = EventJson.configure(new ObjectMapper())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /**
     * A batch's reports in one statement: they travel as one JSON array (sent as text: the pg client would send a
     * String bound to a jsonb parameter as one JSON string). Reports can arrive late or out of order (a retry's failure
     * after a re-send's success): only a report at least as recent as the current status replaces it, so the status
     * shown is that of the last email. Of several reports on one contact in a batch only the latest (the last consumed
     * on a tie) is applied, as applying them one after the other would leave it. A failure reported late for an
     * erased contact keeps no reason: a mail server's answer may quote the address.
     */
    private static final String APPLY = """
            update invited_contact c
            set delivery_status = r.status, delivery_status_at = r.at,
                delivery_failure = case when exists (select from contact e where e.id = c.contact_id and e.erased_at is not null)
                                        then null else r.failure end
            from (select distinct on (invitation_id, contact_id) invitation_id, contact_id, status, at, failure
                  from jsonb_to_recordset(cast(cast(:reports as text) as jsonb))
                       as r(position int, invitation_id uuid, contact_id uuid, status varchar, at timestamptz, failure varchar)
                  order by invitation_id, contact_id, at desc, position desc) r
            where c.invitation_id = r.invitation_id and c.contact_id = r.contact_id
              and (c.delivery_status_at is null or c.delivery_status_at <= r.at)""";

    private final ProcessedEvents processedEvents;

    public DeliveryStatusService(ProcessedEvents processedEvents) {
        this.processedEvents = processedEvents;
    }

    /**
     * Applies each report once, whatever the number of deliveries of its event.
     *
     * @return how many invited contacts' statuses changed
     */
    @WithTransaction
    public Uni<Integer> record(List<DeliveryReport> reports, String eventType) {
        return processedEvents.firstHandled(reports, DeliveryReport::eventId, eventType).flatMap(fresh -> {
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Panache.getSession().flatMap(session -> session.createNativeQuery(APPLY)
                    .setParameter("reports", json(fresh))
                    .executeUpdate());
        });
    }

    private static String json(List<DeliveryReport> reports) {
        List<Row> rows = new ArrayList<>(reports.size());
        for (DeliveryReport report : reports) {
            rows.add(new Row(rows.size(), report.invitationId(), report.contactId(), report.status(), report.at(),
                    report.failure() == null ? null : truncate(report.failure())));
        }
        try {
            return ROWS.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Delivery reports cannot be written as JSON", e);
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }

    private record Row(int position, UUID invitationId, UUID contactId, DeliveryStatus status, Instant at, String failure) {
    }
}
