-- A run's claim now names the process that holds it (a random id per process start), and that process renews the
-- lease while the run executes: a short lease then tells a dead instance from a long run, so a killed instance's runs
-- are taken over soon after its last renewal instead of after the run timeout. Null when no instance holds the run.
alter table workflow_run add column lease_owner uuid;
