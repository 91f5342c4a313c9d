-- invitation-service's own tables; db/commons (V0_x) holds the shared outbox_event and processed_event tables.

create table contact (
    id             uuid         primary key,
    full_name      varchar(200) not null,
    email_address1 varchar(254),
    email_address2 varchar(254),
    email_address3 varchar(254),
    locale         varchar(35),
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null
);

-- A registrant redeeming a group invitation is matched to a contact by primary address, so that address names at most
-- one contact; the index also settles two registrants with the same address racing to create the contact.
create unique index contact_primary_email on contact (lower(email_address1));
create index contact_email2 on contact (lower(email_address2));
create index contact_email3 on contact (lower(email_address3));

-- The portal logins (issuer and subject) that redeemed as a contact: the portal finds the contact back by login.
create table contact_identity (
    provider   varchar(200) not null,
    subject    varchar(200) not null,
    contact_id uuid         not null references contact (id),
    linked_at  timestamptz  not null,
    primary key (provider, subject)
);
create index contact_identity_contact on contact_identity (contact_id);

create table invitation (
    id                   uuid         primary key,
    name                 varchar(200) not null,
    type                 varchar(10)  not null check (type in ('SINGLE', 'GROUP')),
    code                 varchar(64)  not null constraint invitation_code_unique unique,
    owner_name           varchar(200) not null,
    owner_email          varchar(254) not null,
    expires_at           timestamptz,
    inviter_contact_id   uuid         references contact (id),
    assign_to_account_id uuid,
    web_role_ids         uuid[]       not null default '{}',
    workflow_id          varchar(200),
    template_key         varchar(100),
    max_redemptions      integer      not null check (max_redemptions >= 1),
    -- The redemption rule lives here as well as in the service: no write path can overshoot the maximum.
    redemption_count     integer      not null default 0 check (redemption_count between 0 and max_redemptions),
    created_at           timestamptz  not null,
    last_sent_at         timestamptz,
    revoked_at           timestamptz,
    constraint single_is_redeemed_once check (type = 'GROUP' or max_redemptions = 1)
);
create index invitation_recent on invitation (created_at desc, id desc);

create table invited_contact (
    invitation_id      uuid          not null references invitation (id),
    contact_id         uuid          not null references contact (id),
    position           integer       not null,
    delivery_status    varchar(10)   not null default 'NOT_SENT'
                                     check (delivery_status in ('NOT_SENT', 'PENDING', 'DELIVERED', 'FAILED')),
    delivery_status_at timestamptz,
    delivery_failure   varchar(1000),
    primary key (invitation_id, contact_id)
);
create index invited_contact_contact on invited_contact (contact_id);

create table redemption (
    invitation_id     uuid         not null references invitation (id),
    contact_id        uuid         not null references contact (id),
    redeemed_at       timestamptz  not null,
    identity_provider varchar(200),
    identity_subject  varchar(200),
    -- A contact redeems an invitation once: concurrent double submits meet here, whatever the application saw.
    constraint redemption_once_per_contact primary key (invitation_id, contact_id)
);
create index redemption_contact on redemption (contact_id);
