-- A GROUP invitation open only to redeemers whose verified address is at one of these domains (lower-cased; compared
-- exactly with the address's domain, lower-cased). Null: any domain. A SINGLE invitation names its one contact already.
alter table invitation
    add column allowed_email_domains text[],
    add constraint allowed_email_domains_for_groups check (type = 'GROUP' or allowed_email_domains is null),
    add constraint allowed_email_domains_not_empty check (cardinality(allowed_email_domains) between 1 and 50);
