-- EventHistoryRetention deletes the oldest published outbox rows and processed-event ids in batches; these indexes
-- let each batch find them without scanning the history it is there to shorten.
create index outbox_event_published on outbox_event (published_at) where published_at is not null;
create index processed_event_by_time on processed_event (processed_at);
