-- A claim now names the process that holds it: a random id per process start. The holder renews the lease of the
-- deliveries it is sending (a heartbeat), so a short lease tells a dead holder from a slow one: a killed process's
-- deliveries are taken over soon after its last renewal, while a live process's slow SMTP exchange keeps its claim.
-- Null for deliveries claimed before this column existed, and for held deliveries released by an activation.
alter table deliveries add column lease_owner uuid;
