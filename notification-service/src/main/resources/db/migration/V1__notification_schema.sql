-- Email templates are versioned: an edit adds a version and moves current_version, so every delivery can name the
-- exact text it was rendered from and an operator can see what a template said before it was changed.
create table templates (
    template_key    varchar(100) primary key,
    active          boolean      not null,
    current_version integer      not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);

create table template_versions (
    id                  uuid primary key,
    template_key        varchar(100)  not null references templates (template_key),
    version             integer       not null,
    subject             text          not null,
    html_body           text          not null,
    text_body           text          not null,
    from_address        varchar(320),
    redemption_page_url varchar(2000),
    created_at          timestamptz   not null,
    constraint template_versions_key_version unique (template_key, version)
);

-- One row per email. event_id is the InvitationSent it answers: a second row for the same event is impossible.
-- SENDING is the claim taken before talking to SMTP; lease_expires_at says when an unfinished claim is presumed
-- abandoned (the process died mid-send) and the dispatcher may take it over.
create table deliveries (
    id               uuid primary key,
    event_id         uuid         not null unique,
    invitation_id    uuid         not null,
    contact_id       uuid         not null,
    recipient        varchar(320) not null,
    template_key     varchar(100) not null,
    template_version integer,
    status           varchar(16)  not null check (status in ('HELD', 'SENDING', 'SENT', 'FAILED')),
    attempts         integer      not null,
    last_error       text,
    event_payload    text         not null,
    lease_expires_at timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    sent_at          timestamptz
);

create index deliveries_by_invitation on deliveries (invitation_id, created_at);
create index deliveries_by_contact on deliveries (contact_id, created_at);
create index deliveries_held on deliveries (template_key) where status = 'HELD';
create index deliveries_due on deliveries (lease_expires_at) where status = 'SENDING';

-- The seed's Send Invitation template: a generic message with the code and the link to the Invite Redemption Page.
-- It starts active so that invitations are mailed out of the box; an operator deactivates it to make it their own.
insert into templates (template_key, active, current_version, created_at, updated_at)
values ('send-invitation', true, 1, now(), now());

insert into template_versions (id, template_key, version, subject, html_body, text_body, from_address,
                               redemption_page_url, created_at)
values ('6f1c1c0e-4b1a-4d53-9a53-0c1c2b6f5e01', 'send-invitation', 1,
        'You are invited to our portal',
        '<p>Hello {recipient.name},</p>
<p>{#if inviter}{inviter.name}{#else}{sender.name}{/if} has invited you to join our portal.</p>
<p><a href="{redemptionUrl}">Accept the invitation</a></p>
<p>If the link does not work, open {redemptionUrl} and enter your invitation code: <strong>{invitation.code}</strong></p>
{#if invitation.expiresAt}<p>This invitation expires on {invitation.expiresAt}.</p>
{/if}',
        'Hello {recipient.name},

{#if inviter}{inviter.name}{#else}{sender.name}{/if} has invited you to join our portal.

Accept the invitation: {redemptionUrl}

If the link does not work, open the page above and enter your invitation code: {invitation.code}
{#if invitation.expiresAt}
This invitation expires on {invitation.expiresAt}.
{/if}',
        null, null, now());
