package dev.invitations.benchmarks;

import dev.invitations.contract.EventTypes;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.Endpoints;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The database ceiling: the SQL of one redemption as invitation-service runs it (find the invitation by its code's
 * hash, the conditional update of its counter, the redemption row, the outbox row with the InvitationRedeemed JSON,
 * commit), by M clients at once with a connection each, over JDBC, on the same PostgreSQL, with no HTTP, token check or
 * Kafka. The statements run on copies of invitation-service's tables ({@code like ... including all}: the same
 * columns, keys, indexes and checks) in a schema of the run's own, dropped afterwards, so that the outbox relay does not
 * publish the rows and no consumer applies them. Like the rush: GROUP invitations spread over 100, redeemed by new
 * contacts in random order.
 */
final class DbCeiling {

    private static final int INVITATIONS = 100;
    private static final int WARM_UP = 500;
    private static final List<String> TABLES = List.of("invitation", "redemption", "outbox_event");

    private static final String FIND_BY_CODE = "select * from invitation where code_hash = ?";
    /** RedemptionService.CLAIM, with JDBC's parameter. */
    private static final String CLAIM = """
            update invitation set redemption_count = redemption_count + 1
            where id = ? and revoked_at is null and redemption_count < max_redemptions
              and (expires_at is null or expires_at > now())
            returning redemption_count""";
    /** RedemptionService.RECORD. */
    private static final String RECORD = """
            insert into redemption (invitation_id, contact_id, redeemed_at, identity_provider, identity_subject)
            values (?, ?, ?, ?, ?)
            on conflict (invitation_id, contact_id) do nothing""";
    /** Outbox.append's row, as Hibernate inserts it. */
    private static final String OUTBOX = """
            insert into outbox_event (id, topic, message_key, event_type, payload, created_at, published_at)
            values (?, ?, ?, ?, ?, ?, ?)""";

    /**
     * @param transactionsPerSecond committed redemptions / the time all clients took for them
     * @param latency               one transaction, first statement to commit
     */
    record Result(int clients, int transactions, int completed, double seconds, double transactionsPerSecond,
                  Latencies latency, boolean complete, ProcessMonitor.Usage resources) {
    }

    private final PortalSystem system;
    private final Deadline deadline;
    private final PrintStream out;

    DbCeiling(PortalSystem system, Deadline deadline, PrintStream out) {
        this.system = system;
        this.deadline = deadline;
        this.out = out;
    }

    Result run(int clients, int transactions, String tag) {
        out.printf("%nDatabase ceiling: %,d redemptions' SQL by %d JDBC clients%n", transactions, clients);
        String schema = "bench_ceiling_" + tag;
        byte[][] codeHashes = new byte[INVITATIONS][];
        for (int i = 0; i < INVITATIONS; i++) {
            codeHashes[i] = sha256(tag + "-" + i);
        }
        Endpoints database = system.infrastructure();
        try (Connection admin = connect(database)) {
            create(admin, schema, codeHashes);
            try {
                Queue<Client> opened = new ConcurrentLinkedQueue<>();
                ThreadLocal<Client> perThread = ThreadLocal.withInitial(() -> {
                    Client client = new Client(connect(database), schema);
                    opened.add(client);
                    return client;
                });
                try {
                    Workers.run("db-ceiling-warm-up", WARM_UP, clients, deadline,
                            index -> perThread.get().redeem(codeHashes[index % INVITATIONS]));
                    long[] nanos = new long[transactions];
                    try (ProcessMonitor monitor = ProcessMonitor.start(system.processes())) {
                        long started = System.nanoTime();
                        int completed = Workers.run("db-ceiling", transactions, clients, deadline, index -> {
                            long begun = System.nanoTime();
                            perThread.get().redeem(codeHashes[ThreadLocalRandom.current().nextInt(INVITATIONS)]);
                            nanos[index] = System.nanoTime() - begun;
                        });
                        double seconds = (System.nanoTime() - started) / 1e9;
                        ProcessMonitor.Usage resources = monitor.finish();
                        return new Result(clients, transactions, completed, BulkSendScenario.round(seconds),
                                BulkSendScenario.round(completed / seconds),
                                Latencies.ofNanos(Arrays.stream(nanos).filter(n -> n > 0).toArray()),
                                completed == transactions, resources);
                    }
                } finally {
                    opened.forEach(Client::close);
                }
            } finally {
                execute(admin, "drop schema " + schema + " cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The database ceiling failed: " + e.getMessage(), e);
        }
    }

    private static void create(Connection admin, String schema, byte[][] codeHashes) throws SQLException {
        execute(admin, "create schema " + schema);
        for (String table : TABLES) {
            execute(admin, "create table " + schema + "." + table + " (like invitation." + table + " including all)");
        }
        try (PreparedStatement insert = admin.prepareStatement("insert into " + schema + ".invitation (id, name, type, "
                + "code_hash, code_ciphertext, owner_name, owner_email, max_redemptions, created_at) "
                + "values (?, ?, 'GROUP', ?, 'ceiling', ?, ?, 2147483647, now())")) {
            for (int i = 0; i < codeHashes.length; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, "Ceiling " + i);
                insert.setBytes(3, codeHashes[i]);
                insert.setString(4, Fixtures.OWNER.name());
                insert.setString(5, Fixtures.OWNER.email());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(Endpoints database) {
        try {
            return DriverManager.getConnection(database.jdbcUrl(), database.dbUsername(), database.dbPassword());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + database.jdbcUrl(), e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One client's connection and its prepared statements: one redemption transaction at a time. */
    private static final class Client {
        private final Connection connection;
        private final PreparedStatement find;
        private final PreparedStatement claim;
        private final PreparedStatement record;
        private final PreparedStatement outbox;

        Client(Connection connection, String schema) {
            try {
                this.connection = connection;
                connection.setSchema(schema);
                connection.setAutoCommit(false);
                find = connection.prepareStatement(FIND_BY_CODE);
                claim = connection.prepareStatement(CLAIM);
                record = connection.prepareStatement(RECORD);
                outbox = connection.prepareStatement(OUTBOX);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot prepare the redemption's statements", e);
            }
        }

        void redeem(byte[] codeHash) {
            try {
                find.setBytes(1, codeHash);
                UUID invitation;
                String name;
                int maximum;
                try (ResultSet row = find.executeQuery()) {
                    row.next();
                    invitation = row.getObject("id", UUID.class);
                    name = row.getString("name");
                    maximum = row.getInt("max_redemptions");
                }
                claim.setObject(1, invitation);
                int count;
                try (ResultSet counted = claim.executeQuery()) {
                    counted.next();
                    count = counted.getInt(1);
                }
                UUID contact = UUID.randomUUID();
                Instant now = Instant.now();
                record.setObject(1, invitation);
                record.setObject(2, contact);
                record.setTimestamp(3, Timestamp.from(now));
                record.setString(4, "http://127.0.0.1/realms/portal");
                record.setString(5, contact.toString());
                record.executeUpdate();
                UUID eventId = UUID.randomUUID();
                outbox.setObject(1, eventId);
                outbox.setString(2, Topics.INVITATION_REDEEMED);
                outbox.setString(3, invitation.toString());
                outbox.setString(4, EventTypes.INVITATION_REDEEMED);
                outbox.setString(5, ConsumptionScenario.json(ConsumptionScenario.event(invitation, count, count, maximum,
                        UUID.randomUUID(), List.of(UUID.randomUUID()), null, name)));
                outbox.setTimestamp(6, Timestamp.from(now));
                outbox.setTimestamp(7, null);
                outbox.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("A redemption transaction failed: " + e.getMessage(), e);
            }
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // The schema is dropped next; a connection that will not close changes nothing measured.
            }
        }
    }
}
