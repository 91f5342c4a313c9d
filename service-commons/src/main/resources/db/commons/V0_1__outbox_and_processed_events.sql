-- Shared by every service: the transactional outbox and the record of handled events (exactly-once effect).
create table outbox_event (
    id           uuid primary key,
    topic        varchar(200) not null,
    message_key  varchar(200) not null,
    event_type   varchar(200) not null,
    payload      text         not null,
    created_at   timestamptz  not null,
    published_at timestamptz
);

-- The relay only ever looks for what is not yet published; a partial index keeps that scan small as history grows.
create index outbox_event_unpublished on outbox_event (created_at) where published_at is null;

create table processed_event (
    event_id     uuid primary key,
    event_type   varchar(200) not null,
    processed_at timestamptz  not null
);
