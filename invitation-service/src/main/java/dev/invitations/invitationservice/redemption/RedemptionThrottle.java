package dev.invitations.invitationservice.redemption;

import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.InvitationServiceConfig;
import dev.invitations.invitationservice.RetryLater;
import dev.invitations.invitationservice.invitation.InvitationCodes;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slows the guessing of codes: failed redemption and lookup attempts are counted per caller (a login, or the person a
 * service looks a code up for), per code prefix and (when turned on) per client address, in PostgreSQL, so that the
 * limits hold across replicas and restarts. A key that reached its maximum within the window is refused with 429
 * (too-many-attempts) and Retry-After until its block ends. Successes count nothing. A lookup and a redemption by the
 * same caller share its count: one is as good an oracle as the other.
 *
 * <p>What counts: an unknown code (404) under every key; the refusals of an existing code (403, 409, 410) only under
 * the caller, because the prefix and the address are shared by people who did nothing wrong (everyone late for a full
 * GROUP invitation gets 409 with the same code). The check and the count are two statements, so concurrent attempts of
 * one key may pass the check together: the overshoot is bounded by the caller's concurrency.
 *
 * <p>Neither the code nor its prefix is ever logged or stored readable: keys are keyed hashes.
 */
@ApplicationScoped
public class RedemptionThrottle {

    private static final Set<Status> REVEALING = Set.of(Status.FORBIDDEN, Status.CONFLICT, Status.GONE);

    private static final String BLOCKED = "select ceil(extract(epoch from max(blocked_until) - now()))::bigint "
            + blockingRows("$1");

    // One failure more under a key: a new window when the last one has passed, a block once the maximum is reached.
    private static final String COUNT_FAILURE = """
            insert into redemption_throttle as t (throttle_key, window_started_at, failures, blocked_until)
            values ($1, now(), 1, case when $2 <= 1 then now() + make_interval(secs => $4) end)
            on conflict (throttle_key) do update set
              window_started_at = case when t.window_started_at > now() - make_interval(secs => $3) then t.window_started_at else now() end,
              failures = case when t.window_started_at > now() - make_interval(secs => $3) then t.failures + 1 else 1 end,
              blocked_until = case
                when (case when t.window_started_at > now() - make_interval(secs => $3) then t.failures + 1 else 1 end) >= $2
                then now() + make_interval(secs => $4)
                else t.blocked_until end""";

    private static final String PRUNE = """
            delete from redemption_throttle
            where window_started_at < now() - make_interval(secs => $1) and (blocked_until is null or blocked_until < now())""";

    private final Pool database;
    private final InvitationServiceConfig.RedemptionThrottle limits;
    private final SecretKeySpec hashKey;

    public RedemptionThrottle(Pool database, InvitationServiceConfig config) {
        this.database = database;
        this.limits = config.redemptionThrottle();
        this.hashKey = new SecretKeySpec(Base64.getDecoder().decode(config.codes().lookupKey()), "HmacSHA256");
    }

    /** The keys one attempt counts under, with the maximum of each; keys whose maximum is 0 are left out. */
    Attempt attempt(Caller caller, String typedCode, String clientAddress) {
        List<Key> keys = new ArrayList<>();
        if (limits.maxFailuresPerSubject() > 0) {
            keys.add(new Key(hash(caller.kind(), caller.identity()), limits.maxFailuresPerSubject(), true));
        }
        if (limits.maxFailuresPerCodePrefix() > 0) {
            String code = InvitationCodes.normalize(typedCode);
            String prefix = code.substring(0, Math.min(code.length(), limits.codePrefixLength()));
            keys.add(new Key(hash("code-prefix", prefix), limits.maxFailuresPerCodePrefix(), false));
        }
        if (limits.maxFailuresPerClientIp() > 0 && clientAddress != null) {
            keys.add(new Key(hash("client-ip", clientAddress), limits.maxFailuresPerClientIp(), false));
        }
        return new Attempt(keys);
    }

    /**
     * The action, unless a key of the attempt is blocked (429); its failure is counted after the action's transaction
     * has rolled back, in a statement of its own.
     */
    <T> Uni<T> guard(Attempt attempt, Supplier<Uni<? extends T>> action) {
        return counted(attempt, () -> refuseIfBlocked(attempt).chain(action));
    }

    /**
     * The action's failure counted, as in {@link #guard}, for an action that checks the attempt's keys itself: the
     * redemption does, in its own statement (saving a round trip), and calls {@link #refuseIfBlocked} only to explain a
     * refusal.
     */
    <T> Uni<T> counted(Attempt attempt, Supplier<Uni<? extends T>> action) {
        return Uni.createFrom().deferred(action)
                .onFailure().call(failure -> countFailure(attempt, failure));
    }

    /**
     * The throttle rows that block an attempt whose keys are the text[] parameter named: what {@link #refuseIfBlocked}
     * reads, and what the redemption's own statement checks for, saving a round trip.
     */
    static String blockingRows(String keysParameter) {
        return "from redemption_throttle where throttle_key = any(" + keysParameter + ") and blocked_until > now()";
    }

    /** 429 too-many-attempts, with the seconds until the longest block of the attempt's keys ends, if one is blocked. */
    Uni<Void> refuseIfBlocked(Attempt attempt) {
        if (attempt.keys().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return database.preparedQuery(BLOCKED).execute(Tuple.of(attempt.keyValues()))
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    Long retryAfter = row.getLong(0);
                    if (retryAfter != null) {
                        throw RedemptionProblem.TOO_MANY_ATTEMPTS.refusal("Too many failed attempts with invitation "
                                + "codes; try again in " + retryAfter + " seconds, and check that the code was copied whole",
                                retryAfter);
                    }
                })
                .replaceWithVoid();
    }

    /** Counts a refusal of the attempt, if it is one that counts; other failures (400, 503 ...) count nothing. */
    private Uni<Void> countFailure(Attempt attempt, Throwable failure) {
        if (!(failure instanceof ProblemException refusal) || failure instanceof RetryLater) {
            return Uni.createFrom().voidItem();
        }
        boolean unknownCode = refusal.status() == Status.NOT_FOUND;
        if (!unknownCode && !REVEALING.contains(refusal.status())) {
            return Uni.createFrom().voidItem();
        }
        double window = limits.window().toMillis() / 1000.0;
        double block = limits.block().toMillis() / 1000.0;
        List<Tuple> counted = attempt.keys().stream()
                .filter(key -> unknownCode || key.countsRefusalsOfExistingCodes())
                .map(key -> Tuple.of(key.value(), key.maxFailures(), window, block))
                .toList();
        if (counted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return database.preparedQuery(COUNT_FAILURE).executeBatch(counted)
                .onFailure().invoke(e -> Log.warnf("A failed redemption attempt could not be counted: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Deletes the counts nobody needs any more; every replica may run it, the deletes do not conflict. A failure (the
     * database away) is one warning and waits for the next run: nothing depends on a prune being on time.
     */
    @Scheduled(every = "${invitation-service.redemption-throttle.prune-interval:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> prune() {
        return database.preparedQuery(PRUNE).execute(Tuple.of(limits.window().toMillis() / 1000.0))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        Log.debugf("Pruned %d redemption throttle count(s)", rows.rowCount());
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(failure -> Log.warnf("Pruning redemption throttle counts failed; the next run tries again: %s",
                        failure.toString()))
                .onFailure().recoverWithNull();
    }

    private String hash(String kind, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            byte[] digest = mac.doFinal((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
            return kind + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable in this JVM", e);
        }
    }

    /**
     * Whom an attempt's failures are counted against, besides the code's prefix: the caller's login, or the person a
     * service looks a code up for, by their address (the service's one login speaks for everybody it serves).
     */
    record Caller(String kind, String identity) {

        static Caller login(PortalLogin login) {
            return new Caller("subject", login.issuer() + "\n" + login.subject());
        }

        static Caller personAt(String address) {
            return new Caller("person-address", address);
        }
    }

    record Key(String value, int maxFailures, boolean countsRefusalsOfExistingCodes) {
    }

    record Attempt(List<Key> keys) {

        String[] keyValues() {
            return keys.stream().map(Key::value).toArray(String[]::new);
        }
    }
}
