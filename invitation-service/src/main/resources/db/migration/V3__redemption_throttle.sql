-- Failed redemption attempts per key (a portal login, a code prefix, a client address), shared by every replica.
-- The key is a keyed hash (HMAC-SHA-256 with the code lookup key) of its kind and value: no code prefix, login or
-- address is stored readable. A fixed window starts at the first failure; reaching the maximum sets blocked_until.
create table redemption_throttle (
    throttle_key      text        primary key,
    window_started_at timestamptz not null,
    failures          integer     not null check (failures > 0),
    blocked_until     timestamptz
);

-- Pruning deletes the rows whose window and block have passed.
create index redemption_throttle_window on redemption_throttle (window_started_at);
