package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.api.WorkflowFormat;

/** The two notations the DSL is written in; a document is stored in the one it was registered in. */
public enum DocumentFormat {
    YAML(WorkflowFormat.YAML, "application/yaml"),
    JSON(WorkflowFormat.JSON, "application/json");

    private final WorkflowFormat sdkFormat;
    private final String mediaType;

    DocumentFormat(WorkflowFormat sdkFormat, String mediaType) {
        this.sdkFormat = sdkFormat;
        this.mediaType = mediaType;
    }

    WorkflowFormat sdkFormat() {
        return sdkFormat;
    }

    public String mediaType() {
        return mediaType;
    }
}
