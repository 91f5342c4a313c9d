package dev.invitations.workflowservice.engine;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the egress check learns a host name's addresses before a request is sent: the JDK's resolver, that is the
 * system's. The HTTP client resolves the name again to connect, with Vert.x's own resolver, and the answer may change
 * in between (DNS rebinding); that is why {@link EgressGate} checks the peer of the connection as well.
 */
@Singleton
public class HostResolver {

    public InetAddress[] addressesOf(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
