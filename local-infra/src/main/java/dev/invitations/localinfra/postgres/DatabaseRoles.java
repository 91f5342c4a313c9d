package dev.invitations.localinfra.postgres;

import dev.invitations.localinfra.CodeKeys;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One PostgreSQL login per service, owning only that service's schema, so that a service (or whoever holds its
 * credentials) can neither read nor change another's tables. The superuser that owns the database is left for
 * migrations run by hand and for the services' own tests.
 *
 * @param passwords each service's password, by module name; generated per run
 */
public record DatabaseRoles(Map<String, String> passwords) {

    /** Each service's schema, by module name: what its Flyway migrates and its login owns. */
    public static final Map<String, String> SCHEMAS = orderedSchemas();

    public DatabaseRoles {
        passwords = Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
        if (!passwords.keySet().equals(SCHEMAS.keySet())) {
            throw new IllegalArgumentException("A password for each of " + SCHEMAS.keySet() + ", not " + passwords.keySet());
        }
    }

    public static DatabaseRoles generate() {
        Map<String, String> passwords = new LinkedHashMap<>();
        SCHEMAS.keySet().forEach(service -> passwords.put(service, CodeKeys.randomSecret()));
        return new DatabaseRoles(passwords);
    }

    /** The login of a service: its schema's name with {@code _service}, e.g. {@code invitation_service}. */
    public static String username(String service) {
        return Objects.requireNonNull(SCHEMAS.get(service), () -> "No schema for " + service) + "_service";
    }

    public String password(String service) {
        return passwords.get(service);
    }

    /**
     * The statements, one per line, that create the logins and their schemas in {@code database}; run by the
     * superuser before any service starts. Nobody else may connect or create anything in {@code public}.
     */
    String setupStatements(String database) {
        StringBuilder sql = new StringBuilder()
                .append("REVOKE ALL ON DATABASE ").append(database).append(" FROM PUBLIC;\n")
                .append("REVOKE ALL ON SCHEMA public FROM PUBLIC;\n");
        SCHEMAS.forEach((service, schema) -> sql
                // The passwords are base64url (CodeKeys.randomSecret): nothing in them needs quoting.
                .append("CREATE ROLE ").append(username(service)).append(" LOGIN PASSWORD '").append(password(service)).append("';\n")
                .append("GRANT CONNECT ON DATABASE ").append(database).append(" TO ").append(username(service)).append(";\n")
                .append("CREATE SCHEMA ").append(schema).append(" AUTHORIZATION ").append(username(service)).append(";\n"));
        return sql.toString();
    }

    private static Map<String, String> orderedSchemas() {
        Map<String, String> schemas = new LinkedHashMap<>();
        schemas.put("invitation-service", "invitation");
        schemas.put("redemption-service", "redemption");
        schemas.put("notification-service", "notification");
        schemas.put("workflow-service", "workflow");
        return Collections.unmodifiableMap(schemas);
    }
}
