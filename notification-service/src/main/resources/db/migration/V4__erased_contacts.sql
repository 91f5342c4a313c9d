-- The contacts erased at invitation-service (ContactErased), kept for good: an InvitationSent for an erased contact
-- that arrives late (the topics have no order between them) is neither stored nor mailed (ErasedContacts).
create table erased_contact (
    contact_id  uuid        primary key,
    recorded_at timestamptz not null
);
