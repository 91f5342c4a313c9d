-- The contacts erased at invitation-service (ContactErased), kept for good: a redemption of an erased contact that
-- arrives late (the topics have no order between them) records no run, so no run input names the person again
-- (ErasedContacts).
create table erased_contact (
    contact_id  uuid        primary key,
    recorded_at timestamptz not null
);
