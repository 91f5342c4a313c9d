package dev.invitations.commons.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Every service's reactive PostgreSQL pool, created as Quarkus would, except that the prepared-statement cache
 * ({@code quarkus.datasource.reactive.cache-prepared-statements}, on in service-commons' configuration) also keeps
 * statements longer than Vert.x's default limit of 2,048 characters. Quarkus has no key for that limit, and the
 * statements that run most are the long ones: invitation-service's redemption is one statement of about 3,500
 * characters, and without the cache PostgreSQL parsed and planned it afresh on every call (docs/benchmarks.md,
 * "Redemption: PostgreSQL's CPU per call").
 *
 * <p>The pool gets the configured servers as a fixed list: a Quarkus credentials provider (none is configured) would not
 * be asked again for new connections, as Quarkus' own pool creation does.
 */
@Singleton
public class PreparedStatementPool implements PgPoolCreator {

    /** Long enough for every statement the services write by hand; Hibernate's generated ones are far shorter. */
    static final int CACHED_SQL_LIMIT = 16_384;

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> servers = input.pgConnectOptionsList();
        servers.forEach(server -> server.setPreparedStatementCacheSqlLimit(CACHED_SQL_LIMIT));
        // Quarkus casts what a creator returns to PgPool; the builder that replaces this method returns a plain Pool.
        @SuppressWarnings("deprecation")
        PgPool pool = PgPool.pool(input.vertx(), servers, input.poolOptions());
        return pool;
    }
}
