package dev.invitations.portalclient;

import java.util.UUID;

/**
 * Short unique suffixes for names and email addresses: web role names and primary addresses are unique in the
 * system, so a walkthrough or a test that tags its data can run any number of times against one running system.
 */
public final class Tags {

    private Tags() {
    }

    public static String next() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
