package dev.invitations.invitationservice.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.InvitationServiceConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The {@code Idempotency-Key} of the requests that create or send: a retry with the same key, path and body by the same
 * caller within the key's retention gets the first successful answer again (status, Location and body, marked
 * {@value #REPLAYED}) instead of being carried out a second time. The key is claimed in its own statement before the
 * request is carried out, so that of concurrent requests with one key exactly one is carried out; the others are
 * answered 409 while it is in progress. A refusal (404, 409, 410, 429, 503...) forgets the key again: it changed
 * nothing, and the retry is judged afresh.
 *
 * <p>A create's answer carries the invitation's code, shown once only: its replay carries it too, because a retry is
 * what a client sends when the first answer was lost, and without the code it could never share the invitation but
 * by email. Only the same caller with the same key and body gets it, and the stored answer is encrypted.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String HEADER_DESCRIPTION = "1 to 255 characters, new for each request (e.g. a UUID; otherwise 400): a "
            + "retry with the same key and body within 24 hours (by default) gets the first successful answer again, marked "
            + "Idempotent-Replayed, instead of being carried out twice; the same key with another body or path is refused "
            + "with 422; while the first request with the key is in progress, 409.";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final int MAX_KEY_LENGTH = 255;

    /** Claims the key, or takes over one whose retention passed and that the prune has not deleted yet. */
    private static final String CLAIM = """
            insert into idempotency_key (id, caller, idempotency_key, request_hash, created_at, expires_at)
            values ($1, $2, $3, $4, now(), now() + make_interval(secs => $5))
            on conflict (caller, idempotency_key) do update
                set id = excluded.id, request_hash = excluded.request_hash, response_status = null,
                    response_location = null, response_body = null, created_at = excluded.created_at,
                    expires_at = excluded.expires_at
                where idempotency_key.expires_at <= now()""";
    private static final String EARLIER = """
            select id, request_hash, response_status, response_location, response_body
            from idempotency_key where caller = $1 and idempotency_key = $2""";
    private static final String ANSWER = """
            update idempotency_key set response_status = $2, response_location = $3, response_body = $4 where id = $1""";
    private static final String FORGET = "delete from idempotency_key where id = $1 and response_status is null";
    private static final String PRUNE = "delete from idempotency_key where expires_at <= now()";

    private final Pool database;
    private final ObjectMapper json;
    private final CodeCipher cipher;
    private final InvitationServiceConfig.Idempotency settings;
    private final JsonWebToken caller;
    private final HttpServerRequest httpRequest;

    public IdempotentRequests(Pool database, ObjectMapper json, InvitationServiceConfig config, JsonWebToken caller,
            HttpServerRequest httpRequest) {
        this.database = database;
        this.json = json;
        this.cipher = new CodeCipher(config.codes().encryptionKey());
        this.settings = config.idempotency();
        this.caller = caller;
        this.httpRequest = httpRequest;
    }

    /**
     * Carries out {@code operation} once per {@value #HEADER} of the current request: without the header, every time.
     * The header is read here rather than as a resource parameter so that an empty one is told from an absent one.
     *
     * @param body the request's parsed body ({@code null} if it has none); with the method and path it tells a retry
     *             from another request under the same key
     */
    public <T> Uni<RestResponse<T>> once(Object body, Class<T> answerType, Supplier<Uni<RestResponse<T>>> operation) {
        return once(httpRequest.getHeader(HEADER), body, answerType, operation);
    }

    private <T> Uni<RestResponse<T>> once(String key, Object body, Class<T> answerType, Supplier<Uni<RestResponse<T>>> operation) {
        if (key == null) {
            return Uni.createFrom().deferred(operation::get);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().failure(ProblemException.badRequest(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters"));
        }
        Request request = new Request(caller.getIssuer() + " " + caller.getSubject(), key, fingerprint(body));
        UUID claim = UUID.randomUUID();
        return database.preparedQuery(CLAIM)
                .execute(Tuple.of(claim, request.caller(), key, Buffer.buffer(request.hash()),
                        (double) settings.retention().toSeconds()))
                .flatMap(claimed -> claimed.rowCount() == 1
                        ? carryOut(claim, operation)
                        : database.preparedQuery(EARLIER).execute(Tuple.of(request.caller(), key))
                                .flatMap(earlier -> earlier.size() == 0
                                        // The first request failed and forgot the key between the two statements.
                                        ? once(key, body, answerType, operation)
                                        : Uni.createFrom().item(() -> replay(earlier, request, answerType))));
    }

    private <T> Uni<RestResponse<T>> carryOut(UUID claim, Supplier<Uni<RestResponse<T>>> operation) {
        return Uni.createFrom().deferred(operation::get)
                .onFailure().call(failure -> database.preparedQuery(FORGET).execute(Tuple.of(claim))
                        .onFailure().invoke(forgetting -> Log.warnf("Idempotency key %s stays in progress until it expires: %s",
                                claim, forgetting.toString()))
                        .onFailure().recoverWithNull())
                .call(answer -> remember(claim, answer));
    }

    /** The answer is the client's whatever happens here: a failure only leaves the key in progress until it expires. */
    private Uni<Void> remember(UUID claim, RestResponse<?> answer) {
        return Uni.createFrom().item(() -> cipher.encrypt(claim, asciiJson(answer.getEntity())))
                .flatMap(sealed -> database.preparedQuery(ANSWER).execute(Tuple.of(claim, answer.getStatus(),
                        answer.getLocation() == null ? null : answer.getLocation().toString(), sealed)))
                .replaceWithVoid()
                .onFailure().invoke(failure -> Log.warnf("The answer to idempotency key %s was not stored; the key stays in "
                        + "progress until it expires: %s", claim, failure.toString()))
                .onFailure().recoverWithNull();
    }

    private <T> RestResponse<T> replay(RowSet<Row> earlier, Request request, Class<T> answerType) {
        Row row = earlier.iterator().next();
        if (!Arrays.equals(row.getBuffer("request_hash").getBytes(), request.hash())) {
            throw new IdempotencyKeyReused();
        }
        Integer status = row.getInteger("response_status");
        if (status == null) {
            throw ProblemException.conflict("The request with this Idempotency-Key is still in progress; retry it later "
                    + "with the same key to get its answer");
        }
        String location = row.getString("response_location");
        try {
            T entity = json.readValue(cipher.decrypt(row.getUUID("id"), row.getString("response_body")), answerType);
            RestResponse.ResponseBuilder<T> answer = RestResponse.ResponseBuilder.<T>create(status).entity(entity).header(REPLAYED, "true");
            return (location == null ? answer : answer.location(URI.create(location))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The stored answer of an idempotency key does not read as " + answerType.getSimpleName(), e);
        }
    }

    /**
     * {@link CodeCipher} seals ASCII (codes are ASCII); names in an answer need not be, so they are escaped as JSON
     * allows ({@code \\u00e9}), which reads back the same.
     */
    private String asciiJson(Object entity) {
        try {
            return json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature()).writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer could not be written as JSON", e);
        }
    }

    private byte[] fingerprint(Object body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((httpRequest.method().name() + " " + httpRequest.path() + "\n").getBytes(StandardCharsets.UTF_8));
            return sha256.digest(json.writeValueAsBytes(body));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("A request could not be fingerprinted", e);
        }
    }

    /**
     * Deletes the keys whose retention passed; every replica may run it. A failure (the database away) is one warning
     * and waits for the next run: an expired key is taken over by the next request with it anyway.
     */
    @Scheduled(every = "${invitation-service.idempotency.prune-interval:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> prune() {
        return database.preparedQuery(PRUNE).execute()
                .invoke(rows -> Log.debugf("Pruned %d expired idempotency key(s)", rows.rowCount()))
                .replaceWithVoid()
                .onFailure().invoke(failure -> Log.warnf("Pruning expired idempotency keys failed; the next run tries again: %s",
                        failure.toString()))
                .onFailure().recoverWithNull();
    }

    private record Request(String caller, String key, byte[] hash) {
    }
}
