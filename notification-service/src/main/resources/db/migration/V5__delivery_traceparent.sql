-- The trace the InvitationSent arrived in (W3C traceparent, version 00: 55 characters), kept with its delivery so that
-- an email sent later by the dispatcher (held until its template was activated, or taken over from a process that
-- died) is sent and reported in the trace of the send that asked for it, as an email sent at once is.
-- Null where tracing is off, and for deliveries stored before this column existed.
alter table deliveries add column traceparent varchar(55);
