-- The expiry an InvitationExpired event was published for. Compared with expires_at rather than kept as a flag, so that
-- an invitation whose expiry is moved later (extended, or cleared) and passes again is announced again, with nothing
-- for the extension to reset.
alter table invitation add column expiry_announced_for timestamptz;

-- Expiries that passed before this version are not news: announcing them all on the first run would flood the topic
-- with invitations that expired long ago.
update invitation set expiry_announced_for = expires_at where expires_at <= now();

-- What the expiry job looks for: expired or expiring, not revoked, not announced for this expiry. Only those are indexed.
create index invitation_expiry_due on invitation (expires_at)
    where expires_at is not null and revoked_at is null and expiry_announced_for is distinct from expires_at;

-- Automatic reminders, optional per invitation: both settings or neither.
alter table invitation
    add column reminder_after_days integer check (reminder_after_days between 1 and 365),
    add column max_reminders       integer check (max_reminders between 1 and 10),
    add constraint reminders_both_or_neither check ((reminder_after_days is null) = (max_reminders is null));
create index invitation_with_reminders on invitation (id) where reminder_after_days is not null and revoked_at is null;

-- When the last invitation email (a send or a reminder) went to the contact, and how many reminders did: the
-- reminder job's clock and limit per invited contact. Contacts already sent to were sent at the invitation's last send.
alter table invited_contact
    add column last_emailed_at timestamptz,
    add column reminders_sent  integer not null default 0 check (reminders_sent >= 0);
update invited_contact ic set last_emailed_at = i.last_sent_at
from invitation i
where i.id = ic.invitation_id and ic.delivery_status <> 'NOT_SENT';
