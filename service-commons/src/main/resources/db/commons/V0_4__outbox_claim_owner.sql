-- A claim now names the process that holds it (a random id per process start), and that process renews the lease of
-- the rows it is publishing: a short lease then tells a dead relay from one waiting on a slow broker, so a killed
-- relay's rows are published again soon after its last renewal. Null for unclaimed rows and claims made before.
alter table outbox_event add column claimed_by uuid;
