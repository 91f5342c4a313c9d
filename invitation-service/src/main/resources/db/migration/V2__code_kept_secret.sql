-- The code is a secret: it is found by a keyed hash (HMAC-SHA-256, key from configuration) and kept encrypted
-- (AES-256-GCM, key from configuration) only so that a resend can email it again. No column holds it in plaintext.
alter table invitation add column code_hash bytea;
alter table invitation add column code_ciphertext text;

-- Invitations created before this version had plaintext codes, which no key here can turn into the new form (the
-- database never sees the keys): they are revoked and their codes destroyed. This project had no installation with
-- real invitations when the change was made; the rows exist only in local development databases.
update invitation set revoked_at = coalesce(revoked_at, now()), code_hash = sha256(convert_to('retired:' || id::text || code, 'UTF8'))
where code_hash is null;

alter table invitation drop column code;
alter table invitation alter column code_hash set not null;
alter table invitation add constraint invitation_code_hash_unique unique (code_hash);
-- Revoked legacy rows have no ciphertext; every invitation created since has one.
alter table invitation add constraint invitation_code_ciphertext_present check (code_ciphertext is not null or revoked_at is not null);
