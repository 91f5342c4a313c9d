package dev.invitations.portalweb.console;

import dev.invitations.portalweb.PageMessages;
import dev.invitations.portalweb.backend.BackendRefusal;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's pages for what a page cannot do itself: a service that cannot be reached or fails (503, with
 * Retry-After), a record that is not there (404), a service that refuses the operator (403) or the request (its
 * status, with the service's explanation), and a signed-in person
 * without the page's role (403, from {@link dev.invitations.portalweb.forbidden.ForbiddenPages}). Forms catch the refusals they
 * can explain next to their fields; everything else ends here, never as a stack trace.
 */
@ApplicationScoped
public class ConsoleProblemPages {

    static final long RETRY_AFTER_SECONDS = 30;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance problem(ConsoleFrame frame, String title, String text);
    }

    private final ConsolePages pages;

    ConsoleProblemPages(ConsolePages pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Response unreachable(ProcessingException unreachable) {
        Log.warnf("A service the console calls is unreachable: %s", unreachable.getMessage());
        return unavailable();
    }

    @ServerExceptionMapper
    public Response refused(BackendRefusal refusal) {
        return switch (refusal.status()) {
            case 404 -> notFound();
            case 403 -> forbidden();
            // Refused for a reason the service explains (a send over its limits, an invitation that cannot be sent):
            // its detail, with its status. 401 is not one: the session's token was not accepted, a fault to retry.
            case 400, 409, 410, 422, 429 -> {
                PageMessages messages = pages.messages();
                yield pages.page(refusal.status(), Templates.problem(pages.frame("home"), messages.console_refused_title(),
                        refusal.detail().orElse(messages.console_refused_text())));
            }
            default -> {
                Log.warnf("A service refused a console request: %s %s", refusal.getMessage(), refusal.detail().orElse(""));
                yield unavailable();
            }
        };
    }

    /** A record that is not there, or a path that cannot name one. */
    public Response notFound() {
        PageMessages messages = pages.messages();
        return pages.page(404, Templates.problem(pages.frame("home"), messages.console_not_found_title(), messages.console_not_found_text()));
    }

    /** An address the console did not write, such as a progress link with its parameters changed by hand. */
    public Response invalidAddress() {
        PageMessages messages = pages.messages();
        return pages.page(400, Templates.problem(pages.frame("home"), messages.console_invalid_address_title(),
                messages.console_invalid_address_text()));
    }

    /** A signed-in person whose roles do not open the page. */
    public Response forbidden() {
        PageMessages messages = pages.messages();
        return pages.page(403, Templates.problem(pages.frame("home"), messages.console_forbidden_title(), messages.console_forbidden_text()));
    }

    private Response unavailable() {
        PageMessages messages = pages.messages();
        return Response.fromResponse(pages.page(503, Templates.problem(pages.frame("home"), messages.console_unavailable_title(),
                messages.console_unavailable_text()))).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }
}
