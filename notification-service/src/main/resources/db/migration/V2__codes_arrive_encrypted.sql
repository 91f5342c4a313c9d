-- Until codes travelled encrypted (InvitationSent.encryptedCode), a delivery's stored event held the invitation code in
-- plaintext ("code"). invitation-service revoked those invitations when it stopped storing codes (its own V2), so none
-- of these codes can be redeemed any more. They are removed all the same, and the deliveries not yet sent are given up:
-- they could only mail a dead code, and without an encrypted code they cannot be rendered at all. This project had no
-- installation with real invitations when the change was made; the rows exist only in local development databases.
update deliveries
set status = 'FAILED',
    last_error = 'Received before invitation codes were encrypted; its invitation was revoked by that upgrade',
    lease_expires_at = null,
    updated_at = now()
where status in ('HELD', 'SENDING') and (event_payload::jsonb -> 'code') is not null;

update deliveries
set event_payload = (event_payload::jsonb - 'code')::text
where (event_payload::jsonb -> 'code') is not null;
