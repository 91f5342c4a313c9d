package dev.invitations.redemptionservice.account;

import dev.invitations.commons.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountService {

    @WithTransaction
    public Uni<AccountView> create(NewAccount request) {
        Account account = Account.named(request.name().strip(), Instant.now());
        return account.persist()
                .invoke(() -> Log.infof("Account %s created", account.id))
                .replaceWith(() -> AccountView.of(account));
    }

    @WithSession
    public Uni<AccountView> get(UUID id) {
        return Account.<Account>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No account with id " + id))
                .map(AccountView::of);
    }

    /** Accounts whose name contains {@code nameContains}, ignoring case; every account when it is blank. */
    @WithSession
    public Uni<List<AccountView>> search(String nameContains, int limit) {
        Sort byName = Sort.by("name").and("id");
        var query = nameContains == null || nameContains.isBlank()
                ? Account.<Account>findAll(byName)
                : Account.<Account>find("lower(name) like ?1 escape '\\'", byName, containsPattern(nameContains));
        return query.page(Page.ofSize(limit)).list()
                .map(accounts -> accounts.stream().map(AccountView::of).toList());
    }

    /** The operator's text is matched literally: % and _ typed in a name are not wildcards. */
    static String containsPattern(String text) {
        String literal = text.strip().toLowerCase()
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + literal + "%";
    }
}
