package dev.invitations.redemptionservice.webrole;

import dev.invitations.commons.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class WebRoleService {

    /*
     * The unique index on lower(name) decides, not a prior lookup: two operators creating "Partner" and "partner" at
     * the same instant get one 201 and one 409, never two roles.
     */
    private static final String INSERT_UNLESS_NAME_TAKEN = """
            insert into web_role (id, name, description, created_at) values (:id, :name, :description, :createdAt)
            on conflict do nothing""";

    @WithTransaction
    public Uni<WebRoleView> create(NewWebRole request) {
        WebRole role = new WebRole();
        role.id = UUID.randomUUID();
        role.name = request.name().strip();
        role.description = request.description() == null || request.description().isBlank() ? null : request.description().strip();
        // Truncated to what PostgreSQL stores, so that the 201 body equals what a later GET returns.
        role.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(INSERT_UNLESS_NAME_TAKEN)
                        .setParameter("id", role.id)
                        .setParameter("name", role.name)
                        .setParameter("description", role.description)
                        .setParameter("createdAt", role.createdAt)
                        .executeUpdate())
                .map(inserted -> {
                    if (inserted == 0) {
                        throw ProblemException.conflict("web-role-name-taken", "A web role named '" + role.name + "' already exists (names ignore case)");
                    }
                    Log.infof("Web role %s created", role.id);
                    return WebRoleView.of(role);
                });
    }

    @WithSession
    public Uni<List<WebRoleView>> list() {
        return WebRole.<WebRole>listAll(Sort.by("name").and("id"))
                .map(roles -> roles.stream().map(WebRoleView::of).toList());
    }

    @WithSession
    public Uni<WebRoleView> get(UUID id) {
        return WebRole.<WebRole>findById(id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .map(WebRoleView::of);
    }

    /**
     * The database removes the role from every contact (contact_web_role cascades). A redemption being applied at the
     * same moment holds a share lock on the roles it grants, so the delete waits for it and then removes that grant
     * too: no contact keeps a role that no longer exists.
     */
    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return WebRole.deleteById(id)
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(id);
                    }
                    Log.infof("Web role %s deleted and removed from every contact", id);
                    return null;
                });
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No web role with id " + id);
    }
}
