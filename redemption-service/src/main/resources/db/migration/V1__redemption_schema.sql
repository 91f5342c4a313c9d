-- redemption-service's own tables; db/commons (V0_x) holds the outbox and processed-event tables.

create table account (
    id         uuid primary key,
    name       varchar(200) not null,
    created_at timestamptz  not null
);

create table web_role (
    id          uuid primary key,
    name        varchar(100)  not null,
    description varchar(2000),
    created_at  timestamptz   not null
);
-- Names are unique ignoring case; creating a web role relies on this index to refuse a duplicate even under a race.
create unique index web_role_name_unique on web_role (lower(name));

-- A contact's portal access apart from its web roles. Contacts live in invitation-service: no foreign key to them.
create table contact_access (
    contact_id         uuid primary key,
    parent_account_id  uuid references account (id),
    parent_assigned_at timestamptz,
    updated_at         timestamptz not null
);

create table contact_web_role (
    contact_id    uuid        not null references contact_access (contact_id),
    -- Deleting a web role removes it from every contact.
    web_role_id   uuid        not null references web_role (id) on delete cascade,
    invitation_id uuid        not null,
    granted_at    timestamptz not null,
    primary key (contact_id, web_role_id)
);
-- The cascade on web role deletion looks rows up by role.
create index contact_web_role_by_role on contact_web_role (web_role_id);

-- The seed's Invite Redemption Activity. History: no foreign keys to what it names, which may be deleted later.
create table redemption_activity (
    id              uuid primary key,
    event_id        uuid        not null unique,
    invitation_id   uuid        not null,
    invitation_name text,
    invitation_type varchar(10),
    contact_id      uuid        not null,
    redeemed_at     timestamptz not null,
    applied_at      timestamptz not null,
    account_id      uuid,
    account_outcome varchar(20) check (account_outcome in ('ASSIGNED', 'NOT_FOUND', 'SUPERSEDED')),
    partial         boolean     not null,
    check ((account_id is null) = (account_outcome is null))
);
create index redemption_activity_by_invitation on redemption_activity (invitation_id, redeemed_at, id);
create index redemption_activity_by_contact on redemption_activity (contact_id, redeemed_at, id);

create table redemption_activity_web_role (
    activity_id   uuid        not null references redemption_activity (id) on delete cascade,
    web_role_id   uuid        not null,
    position      integer     not null,
    web_role_name varchar(100),
    outcome       varchar(20) not null check (outcome in ('GRANTED', 'ALREADY_HELD', 'NOT_FOUND')),
    primary key (activity_id, web_role_id)
);
