-- Workflows are configuration: registered at run time, each change kept as a new version.
create table workflow (
    id              varchar(128) primary key,
    active          boolean      not null,
    current_version integer      not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);

create table workflow_version (
    id            uuid         primary key,
    workflow_id   varchar(128) not null references workflow (id),
    version       integer      not null,
    format        varchar(4)   not null check (format in ('YAML', 'JSON')),
    document      text         not null,
    content_hash  char(64)     not null,
    dsl           varchar(20)  not null,
    doc_namespace varchar(255) not null,
    doc_name      varchar(255) not null,
    doc_version   varchar(255) not null,
    title         varchar(500),
    registered_at timestamptz  not null,
    unique (workflow_id, version)
);

-- The engine caches a compiled definition by the document's namespace, name and version: one identity, one content.
create unique index workflow_version_document_identity on workflow_version (doc_namespace, doc_name, doc_version);

-- One row per run; input and output hold JSON text. RUNNING rows are also the work queue: an instance claims one by
-- setting a lease, and a lease that ran out (its instance died) lets another instance take the run over.
create table workflow_run (
    id               uuid         primary key,
    event_id         uuid         unique,
    workflow_id      varchar(128) not null,
    workflow_version integer,
    contact_id       uuid         not null,
    invitation_id    uuid         not null,
    status           varchar(10)  not null check (status in ('RUNNING', 'COMPLETED', 'FAULTED')),
    input            text         not null,
    output           text,
    error            text,
    attempt          integer      not null,
    created_at       timestamptz  not null,
    started_at       timestamptz,
    ended_at         timestamptz,
    lease_expires_at timestamptz,
    check (status <> 'RUNNING' or workflow_version is not null)
);

create index workflow_run_contact on workflow_run (contact_id, created_at desc);
create index workflow_run_invitation on workflow_run (invitation_id, created_at desc);
create index workflow_run_status on workflow_run (status, created_at desc);
create index workflow_run_queue on workflow_run (created_at) where status = 'RUNNING';
