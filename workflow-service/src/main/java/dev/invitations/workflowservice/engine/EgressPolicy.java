package dev.invitations.workflowservice.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where workflows may send requests. A workflow is written by an editor and runs inside this service's network, so
 * without a policy a {@code call: http} could read the cloud metadata address, the other services or anything on this
 * host and return the answer in the run's output.
 *
 * <p>Two checks, both must pass:
 * <ol>
 * <li><b>The URI</b>: scheme {@code http} or {@code https}, and its host and port match an entry of the allow-list
 * ({@code workflow.egress.allow}). An entry is {@code HOST[:PORT]}: a DNS name ({@code hooks.example.com}), a
 * wildcard of its subdomains ({@code *.example.com}), an IPv4 address, a bracketed IPv6 address ({@code [::1]}), or a
 * CIDR block of either ({@code 10.1.0.0/16}, {@code [fd00::]/8}); without {@code :PORT} (or with {@code :*}) any port.
 * Names only match names, addresses only match addresses: {@code localhost} is not {@code 127.0.0.1}.</li>
 * <li><b>The address</b> actually connected to (the host's resolved addresses, checked before connecting, and the
 * peer of the connection the request goes on): a loopback, link-local (169.254.0.0/16, fe80::/10), private (RFC 1918,
 * 100.64.0.0/10), unique-local (fc00::/7), unspecified, broadcast, reserved or multicast address, including those
 * forms embedded in IPv6 (IPv4-mapped, IPv4-compatible, NAT64, 6to4), is refused unless an address entry of the
 * allow-list covers it. An allow-listed name therefore cannot be pointed at an internal address by its DNS.</li>
 * </ol>
 */
public final class EgressPolicy {

    private static final Pattern PORT = Pattern.compile("\\d{1,5}|\\*");
    private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Entry> entries;

    private EgressPolicy(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the allow-list; an entry it cannot read is a configuration error naming that entry. */
    public static EgressPolicy of(List<String> allowList) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : allowList) {
            if (raw != null && !raw.isBlank()) {
                entries.add(Entry.parse(raw.strip()));
            }
        }
        return new EgressPolicy(entries);
    }

    /**
     * Why a request to {@code uri} is refused before anything is resolved or connected, or empty when its scheme, host
     * and port are allowed. A host that is an address is also checked as an address.
     */
    public Optional<String> refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("scheme '" + (scheme.isEmpty() ? "(none)" : scheme) + "' is not allowed, only http and https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("it has no host name or address this service can check");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        InetAddress literal = literalAddress(host);
        if (literal != null) {
            Optional<String> address = refusal(literal, port);
            if (address.isPresent()) {
                return address;
            }
            return matchesAddress(literal, port) ? Optional.empty()
                    : Optional.of(show(literal) + ":" + port + " is not on the egress allow-list (workflow.egress.allow)");
        }
        String name = normalizedName(host);
        for (Entry entry : entries) {
            if (entry.matchesName(name, port)) {
                return Optional.empty();
            }
        }
        return Optional.of(name + ":" + port + " is not on the egress allow-list (workflow.egress.allow)");
    }

    /**
     * Why connecting to {@code address} on {@code port} is refused, or empty when it is allowed: an internal address
     * only when an address entry of the allow-list covers it.
     */
    public Optional<String> refusal(InetAddress address, int port) {
        InetAddress effective = embeddedIpv4(address);
        String kind = internalKind(effective);
        if (kind == null || matchesAddress(effective, port)) {
            return Optional.empty();
        }
        return Optional.of(show(address) + " is " + kind + " address, not allowed unless on the egress allow-list (workflow.egress.allow)");
    }

    /** Resolves {@code host} with {@code resolver} and refuses when any of its addresses is refused. */
    public Optional<String> resolvedRefusal(String host, int port, HostResolver resolver) throws UnknownHostException {
        InetAddress literal = literalAddress(host);
        InetAddress[] addresses = literal != null ? new InetAddress[]{literal} : resolver.addressesOf(normalizedName(host));
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address, port);
            if (refusal.isPresent()) {
                return Optional.of(host + " resolves to " + refusal.get());
            }
        }
        return Optional.empty();
    }

    private boolean matchesAddress(InetAddress address, int port) {
        byte[] bytes = embeddedIpv4(address).getAddress();
        for (Entry entry : entries) {
            if (entry.matchesAddress(bytes, port)) {
                return true;
            }
        }
        return false;
    }

    /** The address a host string names literally (IPv4 dotted quad or bracketed IPv6), or null for a name. */
    static InetAddress literalAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(bare).matches() && !bare.contains(":")) {
            return null;
        }
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(bare);
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private static String normalizedName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16), or itself. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        byte[] v4 = null;
        if (zeroPrefix && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0 && !isZeroOrOne(b)))) {
            v4 = Arrays.copyOfRange(b, 12, 16); // ::ffff:a.b.c.d and ::a.b.c.d
        } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12)) {
            v4 = Arrays.copyOfRange(b, 12, 16); // 64:ff9b::a.b.c.d
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6); // 2002:aabb:ccdd::
        }
        if (v4 == null) {
            return address;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException impossible) {
            return address;
        }
    }

    private static boolean isZeroOrOne(byte[] b) {
        return allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** What kind of internal address this is, or null for a public one. */
    static String internalKind(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "a private";
        }
        if (address.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "an unspecified (0.0.0.0/8)";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "a shared (carrier-grade NAT, 100.64.0.0/10)";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "a reserved (192.0.0.0/24)";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a reserved (198.18.0.0/15)";
            }
            if (first >= 240) {
                return "a reserved or broadcast";
            }
            return null;
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "a unique-local (fc00::/7)";
        }
        if (allZero(b, 0, 16)) {
            return "an unspecified";
        }
        return null;
    }

    private static String show(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    /** One allow-list entry: a name (or {@code *.} suffix) or an address block, and a port or any port (-1). */
    private record Entry(String name, byte[] network, int prefixLength, int port) {

        static Entry parse(String raw) {
            String hostPart = raw;
            int port = -1;
            int colon = raw.lastIndexOf(':');
            int bracket = raw.lastIndexOf(']');
            boolean bareIpv6 = !raw.startsWith("[") && raw.indexOf(':') != colon;
            if (bareIpv6) {
                throw invalid(raw, "write an IPv6 address in brackets, e.g. [::1]:8080");
            }
            if (colon > bracket) {
                String portText = raw.substring(colon + 1);
                if (!PORT.matcher(portText).matches() || (!portText.equals("*") && (Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535))) {
                    throw invalid(raw, "the port must be 1 to 65535 or *");
                }
                port = portText.equals("*") ? -1 : Integer.parseInt(portText);
                hostPart = raw.substring(0, colon);
            }
            int slash = hostPart.indexOf('/');
            String addressText = slash < 0 ? hostPart : hostPart.substring(0, slash);
            InetAddress address = literalAddress(addressText);
            if (address != null) {
                byte[] bytes = embeddedIpv4(address).getAddress();
                int prefix = bytes.length * 8;
                if (slash >= 0) {
                    try {
                        prefix = Integer.parseInt(hostPart.substring(slash + 1));
                    } catch (NumberFormatException e) {
                        throw invalid(raw, "the prefix length after / must be a number");
                    }
                    if (address instanceof Inet6Address && bytes.length == 4) {
                        prefix -= 96; // an IPv4-mapped block, e.g. [::ffff:10.0.0.0]/104
                    }
                    if (prefix < 0 || prefix > bytes.length * 8) {
                        throw invalid(raw, "the prefix length is out of range");
                    }
                }
                return new Entry(null, bytes, prefix, port);
            }
            String name = hostPart.toLowerCase(Locale.ROOT);
            if (slash >= 0 || !DNS_NAME.matcher(name).matches()) {
                throw invalid(raw, "expected HOST[:PORT] with HOST a DNS name, *.domain, an IPv4 address, [IPv6] or a CIDR block");
            }
            return new Entry(name, null, 0, port);
        }

        boolean matchesName(String host, int requestPort) {
            if (name == null || (port != -1 && port != requestPort)) {
                return false;
            }
            return name.startsWith("*.") ? host.endsWith(name.substring(1)) : host.equals(name);
        }

        boolean matchesAddress(byte[] address, int requestPort) {
            if (network == null || network.length != address.length || (port != -1 && port != requestPort)) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (network[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (network[fullBytes] & mask) == (address[fullBytes] & mask);
        }

        private static IllegalArgumentException invalid(String raw, String why) {
            return new IllegalArgumentException("workflow.egress.allow entry '" + raw + "': " + why);
        }
    }
}
