-- The trace an outbox row was written in (W3C traceparent, version 00: 55 characters), so that the relay's produce
-- span, and through the record's traceparent header the consumers' spans, continue that trace although the row is
-- published later, from another thread or replica. Null where tracing was off or no span was current.
alter table outbox_event add column traceparent varchar(55);
