package dev.invitations.redemptionservice.account;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An account that redeeming contacts can be assigned to as parent customer")
public record AccountView(UUID id, String name, Instant createdAt) {

    static AccountView of(Account account) {
        return new AccountView(account.id, account.name, account.createdAt);
    }
}
