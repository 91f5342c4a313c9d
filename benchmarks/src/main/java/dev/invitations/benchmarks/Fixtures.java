package dev.invitations.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalClient.ContactDraft;
import dev.invitations.portalclient.PortalClient.InvitationDraft;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * The data a scenario needs, created through the services' APIs as an operator would, several calls at a time. Every
 * name and address carries the run's tag: primary addresses are unique in the system, and a tagged run never meets the
 * data of an earlier one, so the tool runs any number of times against one system.
 */
final class Fixtures {

    static final PortalClient.Owner OWNER = new PortalClient.Owner("Benchmark Operator", "operator@bench.example.com");
    /** Concurrent setup calls: enough to keep two cores busy, few enough not to be a load test of their own. */
    private static final int THREADS = 8;
    private static final int PROGRESS_FROM = 2_000;

    private final PortalClient client;
    private final String tag;
    private final Deadline deadline;
    private final PrintStream out;

    Fixtures(PortalClient client, String tag, Deadline deadline, PrintStream out) {
        this.client = client;
        this.tag = tag;
        this.deadline = deadline;
        this.out = out;
    }

    /** The run's own mail domain: the mailbox is drained by domain, so nothing else's mail is counted. */
    String mailDomain() {
        return tag + ".bench.example.com";
    }

    String address(int index) {
        return "c" + index + "@" + mailDomain();
    }

    /** Contacts {@code 0 .. count-1}, each with the primary address {@link #address(int)}. */
    UUID[] contacts(int count) {
        return create("contacts", count, index -> id(client.createContact(
                new ContactDraft("Bench Contact " + index, address(index), null, null, "en"))));
    }

    /**
     * The access token of each contact's own portal login (its verified address is the contact's primary one), made at
     * the identity provider before any redemption is timed: signing in is not part of what the benchmark measures.
     */
    String[] portalLogins(int count) {
        return made("portal logins", count, index -> client.logins().portalUser(address(index), "Bench Contact " + index))
                .toArray(String[]::new);
    }

    /** One SINGLE invitation per contact. */
    UUID[] singleInvitations(UUID[] contacts) {
        return create("SINGLE invitations", contacts.length, index -> id(client.createInvitation(
                InvitationDraft.single("Benchmark " + tag + " #" + index, OWNER, contacts[index]))));
    }

    /**
     * One GROUP invitation inviting {@code invited} per maximum given, taking that many redemptions; each redemption
     * assigns the account and grants the web role, as a portal invitation typically does.
     */
    Created[] groupInvitations(String purpose, List<Integer> maxima, UUID invited, UUID account, UUID webRole) {
        Created[] created = new Created[maxima.size()];
        create(purpose + " GROUP invitations", maxima.size(), index -> {
            JsonNode body = client.createInvitation(InvitationDraft.group(
                    "Benchmark " + tag + " " + purpose + " #" + index, OWNER, List.of(invited), maxima.get(index))
                    .assigningAccount(account).grantingWebRoles(webRole));
            created[index] = new Created(UUID.fromString(body.path("id").asText()), body.path("code").asText());
            return created[index].id();
        });
        return created;
    }

    record Created(UUID id, String code) {
    }

    /**
     * Runs {@code creation} for every index on a few threads; throws if the deadline stopped it before all were made,
     * since a scenario on part of its data would measure something else.
     */
    private UUID[] create(String what, int count, IntFunction<UUID> creation) {
        return made(what, count, creation).toArray(UUID[]::new);
    }

    /** Runs {@code creation} for 0 .. count-1 on the setup threads; every result, in index order. */
    private <T> List<T> made(String what, int count, IntFunction<T> creation) {
        AtomicReferenceArray<T> results = new AtomicReferenceArray<>(count);
        AtomicInteger made = new AtomicInteger();
        // Progress only where the wait is long enough for someone to wonder.
        int step = count >= PROGRESS_FROM ? count / 4 : Integer.MAX_VALUE;
        long started = System.nanoTime();
        Workers.run("create-" + what.replace(' ', '-'), count, THREADS, deadline, index -> {
            results.set(index, creation.apply(index));
            int total = made.incrementAndGet();
            if (total % step == 0 && total < count) {
                out.printf("    %,d of %,d %s%n", total, count, what);
            }
        });
        List<T> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(results.get(i));
        }
        long missing = all.stream().filter(Objects::isNull).count();
        if (missing > 0) {
            throw new DeadlinePassed("the deadline passed while creating " + what + ": " + (count - missing) + " of "
                    + count + " made");
        }
        out.printf("    %,d %s created in %.1f s%n", count, what, (System.nanoTime() - started) / 1e9);
        return all;
    }

    UUID account() {
        return id(client.createAccount("Benchmark " + tag));
    }

    /** Web role names are unique in the system; the run's tag makes this one so. */
    UUID webRole(String name) {
        return id(client.createWebRole("bench-" + tag + "-" + name, "Benchmark " + name));
    }

    private static UUID id(JsonNode created) {
        return UUID.fromString(created.path("id").asText());
    }

    /** The run's time budget ran out before a scenario could be measured at all. */
    static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed(String message) {
            super(message);
        }
    }
}
