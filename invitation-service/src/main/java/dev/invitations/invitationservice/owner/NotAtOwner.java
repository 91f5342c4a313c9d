package dev.invitations.invitationservice.owner;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** The owning service answered 404: a definite "no such record", which is neither retried nor counted as a failure. */
class NotAtOwner extends RuntimeException {

    NotAtOwner() {
        super(null, null, false, false);
    }

    /** Registered on the owner clients; any other error status stays the client's default exception. */
    static class Mapper implements ResponseExceptionMapper<NotAtOwner> {

        @Override
        public boolean handles(int status, MultivaluedMap<String, Object> headers) {
            return status == Response.Status.NOT_FOUND.getStatusCode();
        }

        @Override
        public NotAtOwner toThrowable(Response response) {
            return new NotAtOwner();
        }
    }
}
