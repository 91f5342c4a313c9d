package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.impl.WorkflowInstanceData;
import io.serverlessworkflow.impl.WorkflowStatus;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;

/**
 * The HTTP requests each run has in flight, so that cancelling a run (at its timeout) aborts them at once instead of
 * leaving them to their read timeout: the connection is closed, and the engine thread that waits for the answer is
 * freed with a failure.
 *
 * <p>A request names its run in the property {@link #RUN} ({@link RunOfRequest} puts it there). The request filter
 * registers it before anything is sent, or refuses it when its run is already cancelled; the request customizer
 * attaches the Vert.x request once its connection is open. The two meet on the request's own Vert.x context, the one
 * the REST client runs the customizer on. Requests without a run (the SDK's OAuth2 token requests) are not tracked:
 * their read timeout bounds them.
 */
final class InFlightRequests implements ClientRequestFilter, Consumer<HttpClientRequest> {

    /** The request property that holds the run ({@link WorkflowInstanceData}) a request belongs to. */
    static final String RUN = InFlightRequests.class.getName() + ".run";

    private final Map<WorkflowInstanceData, Set<InFlightRequest>> byRun = new ConcurrentHashMap<>();

    @Override
    public void filter(ClientRequestContext request) {
        if (!(request.getProperty(RUN) instanceof WorkflowInstanceData run)) {
            return;
        }
        InFlightRequest inFlight = new InFlightRequest(run, request.getUri());
        // Under the map's lock for this run, so that a cancellation either sees this request or this request sees it.
        byRun.compute(run, (key, requests) -> {
            if (run.status() == WorkflowStatus.CANCELLED) {
                throw RunCancelledException.refused(request.getUri());
            }
            Set<InFlightRequest> tracked = requests == null ? ConcurrentHashMap.newKeySet() : requests;
            tracked.add(inFlight);
            return tracked;
        });
        ((ResteasyReactiveClientRequestContext) request).getContext().putLocal(InFlightRequest.class, inFlight);
    }

    /** Runs on the request's Vert.x context once its connection is open, before the request is written. */
    @Override
    public void accept(HttpClientRequest request) {
        Context context = Vertx.currentContext();
        InFlightRequest inFlight = context == null ? null : context.getLocal(InFlightRequest.class);
        if (inFlight == null) {
            return;
        }
        inFlight.attach(request);
        request.response().compose(HttpClientResponse::end).onComplete(ended -> forget(inFlight));
    }

    /** Aborts the requests {@code run} has in flight; call it once the run is cancelled, so no new one gets through. */
    void abort(WorkflowInstanceData run) {
        Set<InFlightRequest> requests = byRun.remove(run);
        if (requests != null) {
            requests.forEach(InFlightRequest::abort);
        }
    }

    /** Drops what is left of a run that ended. */
    void forget(WorkflowInstanceData run) {
        byRun.remove(run);
    }

    private void forget(InFlightRequest inFlight) {
        byRun.computeIfPresent(inFlight.run, (run, requests) -> {
            requests.remove(inFlight);
            return requests.isEmpty() ? null : requests;
        });
    }

    private static final class InFlightRequest {
        private final WorkflowInstanceData run;
        private final URI uri;
        private HttpClientRequest request;
        private boolean aborted;

        InFlightRequest(WorkflowInstanceData run, URI uri) {
            this.run = run;
            this.uri = uri;
        }

        void attach(HttpClientRequest attached) {
            boolean abortNow;
            synchronized (this) {
                request = attached;
                abortNow = aborted;
            }
            if (abortNow) {
                reset(attached);
            }
        }

        void abort() {
            HttpClientRequest attached;
            synchronized (this) {
                aborted = true;
                attached = request;
            }
            if (attached != null) {
                reset(attached);
            }
        }

        /** Closes the connection (HTTP/1.1 has no other way to stop a request) and fails the request and its answer. */
        private void reset(HttpClientRequest attached) {
            attached.reset(0, RunCancelledException.aborted(uri));
        }
    }
}
