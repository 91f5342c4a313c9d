-- Erasure (GDPR's right to erasure): an erased contact keeps its row, so that the invitations it was invited to,
-- invited others to or redeemed keep their foreign keys, counts and the fact of each redemption; everything that
-- names the person (name, addresses, language, linked logins) is removed and erased_at says so. An erased contact is
-- no contact to the API any more: it is never found, mailed, matched by a login or an address again.
alter table contact add column erased_at timestamptz;
alter table contact alter column full_name drop not null;
alter table contact add constraint contact_erased_holds_no_personal_data check (
    erased_at is null
    or (full_name is null and email_address1 is null and email_address2 is null and email_address3 is null and locale is null));
alter table contact add constraint contact_named_unless_erased check (erased_at is not null or full_name is not null);
