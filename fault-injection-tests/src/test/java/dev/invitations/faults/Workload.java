package dev.invitations.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalClient.ContactDraft;
import dev.invitations.portalclient.PortalClient.InvitationDraft;
import dev.invitations.portalclient.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * One test's data, made through the services' APIs as an operator makes it. Its contacts' addresses are in a mail
 * domain of the test's own, which is what the mailbox is drained by: nothing another test mails is counted.
 */
final class Workload {

    static final PortalClient.Owner OWNER = new PortalClient.Owner("Fault Suite", "operator@faults.example.com");
    /** invitation-service's limit of invited contacts per GROUP invitation. */
    static final int MAX_GROUP_SIZE = 1_000;
    /** Enough concurrent calls to keep two cores busy while setting up; setup is not what is measured. */
    private static final int SETUP_THREADS = 8;
    private static final int CREATE_ATTEMPTS = 5;
    /** invitation-service's circuit breaker stops asking a service that failed for 10 s. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final PortalClient portal;
    private final String name;
    private final String tag = Tags.next();

    Workload(PortalClient portal, String name) {
        this.portal = portal;
        this.name = name;
    }

    String mailDomain() {
        return name + "-" + tag + ".faults.example.com";
    }

    String address(int index) {
        return "c" + index + "@" + mailDomain();
    }

    String fullName(int index) {
        return "Fault Contact " + index;
    }

    /** Contacts {@code 0 .. count-1}, each with {@link #address(int)} as its primary address. */
    List<UUID> contacts(int count) {
        return inParallel(count, index -> id(portal.createContact(
                new ContactDraft(fullName(index), address(index), null, null, "en"))));
    }

    /**
     * GROUP invitations that together invite every contact once, {@value #MAX_GROUP_SIZE} at most each: sent, they
     * mail each contact exactly one email.
     */
    List<UUID> groupInvitationsTo(List<UUID> contacts) {
        int invitations = (contacts.size() + MAX_GROUP_SIZE - 1) / MAX_GROUP_SIZE;
        return inParallel(invitations, index -> {
            List<UUID> invited = contacts.subList(index * MAX_GROUP_SIZE,
                    Math.min(contacts.size(), (index + 1) * MAX_GROUP_SIZE));
            return id(created(InvitationDraft.group(name + " " + tag + " #" + index, OWNER, invited, invited.size())));
        });
    }

    /** A GROUP invitation with its code: what a redeemer needs. */
    record Redeemable(UUID id, String code) {
    }

    /**
     * {@code count} GROUP invitations, each open to {@code maxRedemptions} redeemers (it invites one contact, but
     * anyone holding a GROUP code may redeem it), shaped by {@code grants} (an account, web roles, a workflow).
     */
    List<Redeemable> openInvitations(int count, int maxRedemptions, UUID invited, UnaryOperator<InvitationDraft> grants) {
        return inParallel(count, index -> {
            JsonNode created = created(grants.apply(InvitationDraft.group(
                    name + " " + tag + " open #" + index, OWNER, List.of(invited), maxRedemptions)));
            return new Redeemable(UUID.fromString(created.path("id").asText()), created.path("code").asText());
        });
    }

    /**
     * Creates the invitation, and again while invitation-service answers 503: it checks the account, web roles and
     * workflow at their services within 1.5 s, which a machine as loaded as a shared CI runner can miss; nothing was
     * stored then, and the answer says to retry.
     */
    private JsonNode created(InvitationDraft draft) {
        for (int attempt = 1; ; attempt++) {
            try {
                return portal.createInvitation(draft);
            } catch (PortalClient.UnexpectedReply refused) {
                if (refused.reply().status() != 503 || attempt == CREATE_ATTEMPTS) {
                    throw refused;
                }
                pauseBeforeRetry();
            }
        }
    }

    private static void pauseBeforeRetry() {
        try {
            Thread.sleep(RETRY_AFTER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up the workload", e);
        }
    }

    /** A portal login per contact, made at the identity provider now: signing in is not part of any fault. */
    List<Redeemer> redeemers(List<UUID> contacts) {
        return inParallel(contacts.size(), index -> {
            Redeemer redeemer = new Redeemer(contacts.get(index), address(index), fullName(index));
            portal.logins().portalUser(redeemer.email(), redeemer.fullName());
            return redeemer;
        });
    }

    /** Contacts that redeem, each with its portal login, and the invitations each of them is to redeem once. */
    record Redemptions(List<UUID> contacts, List<Redeemer> redeemers, List<Redeemable> invitations) {
        int count() {
            return redeemers.size() * invitations.size();
        }
    }

    /**
     * {@code redeemers} contacts with their logins and {@code invitations} GROUP invitations open to all of them,
     * shaped by {@code grants}: every redeemer redeeming every code makes {@code redeemers × invitations} redemptions.
     */
    Redemptions redemptions(int redeemers, int invitations, UnaryOperator<InvitationDraft> grants) {
        List<UUID> contacts = contacts(redeemers);
        return new Redemptions(contacts, redeemers(contacts), openInvitations(invitations, redeemers, contacts.get(0), grants));
    }

    /** A contact that redeems with its own portal login, whose verified address is the contact's primary one. */
    record Redeemer(UUID contactId, String email, String fullName) {
    }

    /** {@code make(0 .. count-1)} on a few threads, in index order; the first failure fails the setup. */
    private static <T> List<T> inParallel(int count, IntFunction<T> make) {
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(SETUP_THREADS, Math.max(1, count)));
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                int which = index;
                futures.add(threads.submit(() -> make.apply(which)));
            }
            List<T> made = new ArrayList<>(count);
            for (Future<T> future : futures) {
                made.add(future.get());
            }
            return made;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Setting up the workload failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up the workload", e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static UUID id(JsonNode created) {
        return UUID.fromString(created.path("id").asText());
    }
}
