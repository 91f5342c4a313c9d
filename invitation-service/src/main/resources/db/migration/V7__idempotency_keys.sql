-- The first successful answer to a create or send request that carried an Idempotency-Key, so that a retry with the
-- same key is answered with it instead of being carried out again. One row per caller and key: two callers' keys
-- never meet. The request is kept as a SHA-256 of its method, path and body, to tell a retry from another request
-- reusing the key. The answer's body is encrypted (AES-256-GCM with the code encryption key and the row id as
-- associated data): a created invitation's answer holds its code. Null answer columns: the request is in progress.
create table idempotency_key (
    id                uuid         primary key,
    caller            text         not null,
    idempotency_key   varchar(255) not null,
    request_hash      bytea        not null,
    response_status   integer,
    response_location text,
    response_body     text,
    created_at        timestamptz  not null,
    expires_at        timestamptz  not null,
    constraint idempotency_key_per_caller unique (caller, idempotency_key)
);

-- The retention job deletes the rows whose time has passed.
create index idempotency_key_expiry on idempotency_key (expires_at);
