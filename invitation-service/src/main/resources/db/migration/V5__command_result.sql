-- The answer to each operator command of invitations.commands, by its ce_id (the idempotency key). The row is inserted
-- in the transaction of the command's effect, before the effect: a second delivery of the same command, concurrent or
-- later, meets the key (waiting for the first transaction if it is still open) and is answered with the stored result
-- instead of being applied again. A refused command's row is written after its effect rolled back, in a transaction
-- of its own. At most 200 characters: the id is also the result's Kafka key (outbox_event.message_key).
create table command_result (
    command_id   varchar(200) primary key,
    -- The ce_type when it is one of the command types; null for a command refused for its type.
    command_type varchar(200),
    -- The CommandResult as published (EventJson); null only inside the transaction that claimed the id.
    result       text,
    received_at  timestamptz  not null
);
