-- The relay claims rows with a lease instead of holding their row locks while it waits for the broker: a claimed row
-- is skipped by other replicas until its lease runs out (the process that claimed it died) or it is published.
alter table outbox_event add column claimed_until timestamptz;
