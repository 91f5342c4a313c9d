package dev.invitations.workflowservice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of the egress policy on their own: no server, no connection, addresses are only parsed. */
class EgressPolicyTest {

    private static final EgressPolicy PRODUCTION_LIKE = EgressPolicy.of(List.of("hooks.example.com:443", "*.partner.example:8443"));

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8084/workflows", "http://10.0.0.1/",
            "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://0.0.0.0:8080/",
            "http://[::]/", "http://224.0.0.1/", "http://[fd00::1]/", "http://[fe80::1]/", "http://172.16.0.1/",
            "http://192.168.1.1/", "http://100.100.100.200/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/",
            "file:///etc/passwd", "classpath:application.properties", "ftp://hooks.example.com/", "http://localhost/",
            "http://hooks.example.com/", "https://hooks.example.com.evil.example/", "https://partner.example:8443/",
            "https://8.8.8.8/"})
    void destinationsNotAllowedAreRefused(String uri) {
        assertTrue(PRODUCTION_LIKE.refusal(URI.create(uri)).isPresent(), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/portal/welcome", "https://HOOKS.example.com./x",
            "https://api.partner.example:8443/v1", "https://a.b.partner.example:8443/"})
    void allowListedNamesPass(String uri) {
        assertEquals(Optional.empty(), PRODUCTION_LIKE.refusal(URI.create(uri)), uri);
    }

    @Test
    void theReasonNamesTheKindOfAddress() {
        assertTrue(PRODUCTION_LIKE.refusal(URI.create("http://169.254.169.254/")).orElseThrow().contains("link-local"));
        assertTrue(PRODUCTION_LIKE.refusal(URI.create("http://[::ffff:127.0.0.1]/")).orElseThrow().contains("loopback"));
        assertTrue(PRODUCTION_LIKE.refusal(URI.create("http://10.0.0.1/")).orElseThrow().contains("private"));
        assertTrue(PRODUCTION_LIKE.refusal(URI.create("http://[fd00::1]/")).orElseThrow().contains("unique-local"));
        assertTrue(PRODUCTION_LIKE.refusal(URI.create("file:///etc/passwd")).orElseThrow().contains("scheme 'file'"));
    }

    @Test
    void anAllowListedNameStillMayNotResolveToAnInternalAddress() throws UnknownHostException {
        EgressPolicy policy = EgressPolicy.of(List.of("hooks.example.com"));
        assertTrue(policy.refusal(InetAddress.getByName("169.254.169.254"), 80).isPresent());
        assertTrue(policy.refusal(InetAddress.getByName("::ffff:10.1.2.3"), 443).isPresent());
        assertEquals(Optional.empty(), policy.refusal(InetAddress.getByName("93.184.215.14"), 443));
    }

    @Test
    void anAllowListedNameIsRefusedWhenAnyAddressItResolvesToIsInternal() throws UnknownHostException {
        EgressPolicy policy = EgressPolicy.of(List.of("hooks.example.com"));
        HostResolver publicAndPrivate = resolvingTo("93.184.215.14", "10.0.0.7");
        String refusal = policy.resolvedRefusal("hooks.example.com", 443, publicAndPrivate).orElseThrow();
        assertTrue(refusal.startsWith("hooks.example.com resolves to 10.0.0.7") && refusal.contains("private"), refusal);
        assertEquals(Optional.empty(), policy.resolvedRefusal("hooks.example.com", 443, resolvingTo("93.184.215.14")));
    }

    private static HostResolver resolvingTo(String... addresses) {
        return new HostResolver() {
            @Override
            public InetAddress[] addressesOf(String host) throws UnknownHostException {
                InetAddress[] resolved = new InetAddress[addresses.length];
                for (int i = 0; i < addresses.length; i++) {
                    resolved[i] = InetAddress.getByName(addresses[i]);
                }
                return resolved;
            }
        };
    }

    @Test
    void addressEntriesAllowInternalAddressesExplicitlyWithTheirPorts() throws UnknownHostException {
        EgressPolicy policy = EgressPolicy.of(List.of("127.0.0.1", "10.1.0.0/16:8443", "[fd00::]/8:443"));
        assertEquals(Optional.empty(), policy.refusal(URI.create("http://127.0.0.1:9/x")));
        assertEquals(Optional.empty(), policy.refusal(URI.create("http://[::ffff:127.0.0.1]:9/x")), "the same destination");
        assertTrue(policy.refusal(URI.create("http://127.0.0.2/")).isPresent());
        assertTrue(policy.refusal(URI.create("http://[::1]/")).isPresent(), "::1 is not 127.0.0.1");
        assertTrue(policy.refusal(URI.create("http://localhost/")).isPresent(), "a name is not an address");
        assertEquals(Optional.empty(), policy.refusal(URI.create("https://10.1.200.3:8443/")));
        assertTrue(policy.refusal(URI.create("https://10.1.200.3:8080/")).isPresent());
        assertTrue(policy.refusal(URI.create("https://10.2.0.1:8443/")).isPresent());
        assertEquals(Optional.empty(), policy.refusal(InetAddress.getByName("fd12::5"), 443));
        assertTrue(policy.refusal(InetAddress.getByName("fd12::5"), 80).isPresent());
    }

    @Test
    void unreadableEntriesAreConfigurationErrorsNamingTheEntry() {
        for (String entry : List.of("::1", "hooks.example.com:0", "hooks.example.com:99999", "10.0.0.0/33", "http://x/", "a b")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> EgressPolicy.of(List.of(entry)), entry);
            assertTrue(error.getMessage().contains("'" + entry + "'"), error.getMessage());
        }
    }

    @Test
    void nothingIsAllowedByDefault() {
        assertTrue(EgressPolicy.of(List.of()).refusal(URI.create("https://hooks.example.com/")).isPresent());
    }
}
