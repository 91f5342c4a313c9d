package dev.invitations.notificationservice.template;

import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where an email's link may point and whom it may come from. The link carries the invitation code, so a template must
 * not send it to a host of its choosing; the sender must be an address of a domain this portal mails for.
 * The allow-lists are read once, at start-up: a malformed entry stops the service.
 */
@Startup
@ApplicationScoped
public class AddressRules {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1");

    /** {@code host} may be {@code *.domain}: any host under that domain (not the domain itself). */
    private record Origin(String scheme, String host, int port) {

        boolean matches(String otherScheme, String otherHost, int otherPort) {
            if (!scheme.equals(otherScheme) || port != otherPort) {
                return false;
            }
            return host.startsWith("*.") ? otherHost.endsWith(host.substring(1)) : host.equals(otherHost);
        }
    }

    private final List<Origin> origins = new ArrayList<>();
    private final List<String> senderDomains = new ArrayList<>();
    private final boolean allowHttpLoopback;
    private final String originsText;
    private final String domainsText;

    public AddressRules(NotificationConfig config) {
        this.allowHttpLoopback = config.links().allowHttpLoopback();
        for (String entry : config.links().allowedOrigins()) {
            origins.add(origin(entry.strip()));
        }
        URI page = config.redemptionPageUrl();
        String pageProblem = schemeProblem(page);
        if (pageProblem != null) {
            throw new IllegalStateException("notification.redemption-page-url " + pageProblem);
        }
        // The configured page is the operator's own choice, as the allow-list is.
        origins.add(new Origin(page.getScheme().toLowerCase(Locale.ROOT), page.getHost().toLowerCase(Locale.ROOT), port(page)));
        this.originsText = String.join(", ", config.links().allowedOrigins());
        for (String entry : config.senders().allowedDomains()) {
            String domain = entry.strip().toLowerCase(Locale.ROOT);
            if (!domain.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
                throw new IllegalStateException("notification.senders.allowed-domains: '" + entry + "' is not a domain");
            }
            senderDomains.add(domain);
        }
        this.domainsText = String.join(", ", senderDomains);
        String defaultDomain = domainOf(config.defaultFrom());
        if (defaultDomain == null) {
            throw new IllegalStateException("notification.default-from must be an email address: " + config.defaultFrom());
        }
        senderDomains.add(defaultDomain);
    }

    /** Why this page may not be a template's redemption page, or empty if it may. */
    public Optional<String> linkProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute https URL");
        }
        String problem = schemeProblem(uri);
        if (problem != null) {
            return Optional.of(problem);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = port(uri);
        if (origins.stream().noneMatch(origin -> origin.matches(scheme, host, port))) {
            return Optional.of("host '" + host + (uri.getPort() < 0 ? "" : ":" + port) + "' is not an allowed origin for links "
                    + "(notification.links.allowed-origins: " + originsText + ")");
        }
        return Optional.empty();
    }

    /** Why this address may not send an email, or empty if it may. */
    public Optional<String> senderProblem(String address) {
        String domain = domainOf(address);
        if (domain == null) {
            return Optional.of("must be an email address");
        }
        return domainAllowed(domain) ? Optional.empty()
                : Optional.of("domain '" + domain + "' is not an allowed sender domain (notification.senders.allowed-domains: "
                        + domainsText + ")");
    }

    public boolean linkAllowed(String url) {
        return linkProblem(url).isEmpty();
    }

    public boolean senderAllowed(String address) {
        return senderProblem(address).isEmpty();
    }

    private boolean domainAllowed(String domain) {
        return senderDomains.stream().anyMatch(allowed -> allowed.startsWith("*.") ? domain.endsWith(allowed.substring(1))
                : allowed.equals(domain));
    }

    private String schemeProblem(URI uri) {
        if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
            return "must be an absolute https URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return allowHttpLoopback ? null
                    : "must use https (http to localhost is off: notification.links.allow-http-loopback=false)";
        }
        return "must use https (http only to localhost or 127.0.0.1)";
    }

    private static Origin origin(String entry) {
        URI uri;
        try {
            uri = new URI(entry.replace("://*.", "://wildcard."));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("notification.links.allowed-origins: '" + entry + "' is not an origin", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (uri.getHost() == null || !pathless || uri.getRawQuery() != null || uri.getRawUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalStateException("notification.links.allowed-origins: '" + entry
                    + "' is not an origin (https://host, https://host:port or https://*.domain)");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (entry.contains("://*.")) {
            host = "*." + host.substring("wildcard.".length());
        }
        if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(host)) {
            throw new IllegalStateException("notification.links.allowed-origins: '" + entry
                    + "' uses http, which is allowed only for localhost and 127.0.0.1");
        }
        return new Origin(scheme, host, port(uri));
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    /** The domain of {@code local@domain} or {@code Name <local@domain>}, lower case; null if there is none. */
    static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        String bare = address.strip();
        int open = bare.lastIndexOf('<');
        if (open >= 0 && bare.endsWith(">")) {
            bare = bare.substring(open + 1, bare.length() - 1).strip();
        }
        int at = bare.lastIndexOf('@');
        if (at <= 0 || at == bare.length() - 1) {
            return null;
        }
        return bare.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
