package dev.invitations.contract;

/**
 * Kafka header names of the CloudEvents binary content mode (CloudEvents Kafka protocol binding, version 1.0).
 * The event id in {@link #ID} is the key every consumer de-duplicates on.
 */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
