package dev.invitations.commons.problem;

import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The database constraints are the last word on uniqueness (two requests can pass the same check at once): a write
 * they refuse is a conflict with stored data, not a server failure.
 */
public class StoredDataConflicts {

    @ServerExceptionMapper
    public Response refusedByConstraint(ConstraintViolationException e) {
        Log.infof("Write refused by constraint %s", e.getConstraintName());
        return ProblemMappers.problem(Status.CONFLICT, "The change conflicts with stored data (" + e.getConstraintName()
                + "); read the current state and retry", List.of());
    }
}
