package dev.invitations.notificationservice.template;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The template side of sending: which templates may be used now, and the text of a given version. */
@ApplicationScoped
public class TemplateLookup {

    /** A template's state and current text, as seen by a transaction that holds a share lock on it. */
    public record CurrentTemplate(boolean active, TemplateContent content) {
    }

    private static final String CURRENT_LOCKED = """
            select t.active, v from TemplateVersion v, Template t
            where t.key = v.templateKey and t.currentVersion = v.version and t.key in (:keys)""";

    /**
     * Must run inside the transaction that records what it decides (send or hold). The share lock makes activation and
     * deactivation wait for that transaction: an event either sees the template inactive and is held before activation
     * looks for held deliveries, or sees it active; it can never be held after the release went by.
     */
    public Uni<Map<String, CurrentTemplate>> lockCurrent(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select template_key from templates where template_key in (:keys) order by template_key for share",
                                String.class)
                        .setParameter("keys", keys)
                        .getResultList()
                        .flatMap(locked -> session.createSelectionQuery(CURRENT_LOCKED, Object[].class)
                                .setParameter("keys", keys)
                                .getResultList()))
                .map(rows -> rows.stream()
                        .map(row -> new CurrentTemplate((Boolean) row[0], ((TemplateVersion) row[1]).content()))
                        .collect(Collectors.toMap(current -> current.content().key(), Function.identity())));
    }

    public Uni<TemplateContent> version(String key, int version) {
        return TemplateVersion.<TemplateVersion>find("templateKey = ?1 and version = ?2", key, version)
                .singleResult()
                .map(TemplateVersion::content);
    }
}
