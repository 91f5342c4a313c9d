package dev.invitations.portalweb.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The console's start: the sections the signed-in person's roles open, or a word on why there are none. */
@Path(ConsoleHome.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleHome {

    public static final String PATH = "/console";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(ConsoleFrame frame);
    }

    private final ConsolePages pages;

    ConsoleHome(ConsolePages pages) {
        this.pages = pages;
    }

    @GET
    @Authenticated
    public Response home() {
        return pages.page(Templates.home(pages.frame("home")));
    }
}
