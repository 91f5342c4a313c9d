package dev.invitations.portalweb.forbidden;

import dev.invitations.portalweb.console.ConsoleHome;
import dev.invitations.portalweb.console.ConsoleProblemPages;
import dev.invitations.portalweb.redeem.NotAPortalUserPage;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A signed-in person without the role a page needs gets a page that says so in their terms, not a bare 403: in the
 * console, that their roles do not open this section; on the Invite Redemption Page, that the login is not a portal
 * account. One mapper, since a second for the same exception would be ambiguous; in a package of its own, since it
 * needs both features' pages and both features need the root package.
 */
public class ForbiddenPages {

    private final NotAPortalUserPage notAPortalUser;
    private final ConsoleProblemPages console;

    ForbiddenPages(NotAPortalUserPage notAPortalUser, ConsoleProblemPages console) {
        this.notAPortalUser = notAPortalUser;
        this.console = console;
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException forbidden, HttpHeaders headers, UriInfo uri) {
        String path = uri.getPath();
        return path.equals(ConsoleHome.PATH) || path.startsWith(ConsoleHome.PATH + "/") ? console.forbidden() : notAPortalUser.render(headers);
    }
}
