package dev.invitations.portalweb.console.workflow;

import dev.invitations.portalweb.PageMessages;
import dev.invitations.portalweb.console.FieldErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The registration form as posted: the workflow id and the document, pasted into the text area or uploaded as a file.
 * An uploaded file's text takes the text area's place, so that a refused upload can be corrected there.
 */
public record WorkflowDocumentForm(String id, String document) {

    /**
     * The most a document may have, in UTF-8 bytes: a generous multiple of a real workflow (the repository's example has
     * 2 KB) that stays within the body limit of quarkus.http.limits.max-body-size, so that the editor gets this
     * message rather than a bare 413. workflow-service's own limit is larger.
     */
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    static WorkflowDocumentForm empty() {
        return new WorkflowDocumentForm("", "");
    }

    static WorkflowDocumentForm of(String id) {
        return new WorkflowDocumentForm(id, "");
    }

    /** The form, with what is wrong with the document or the file added to {@code errors}. */
    static WorkflowDocumentForm submitted(String id, String pasted, FileUpload file, FieldErrors errors, PageMessages messages) {
        String document = pasted == null ? "" : pasted;
        if (file != null && file.size() > 0) {
            if (file.size() > MAX_DOCUMENT_BYTES) {
                errors.add("file", messages.workflow_document_too_large(MAX_DOCUMENT_BYTES / 1024));
            } else {
                try {
                    document = utf8(Files.readAllBytes(file.uploadedFile()));
                } catch (CharacterCodingException notText) {
                    errors.add("file", messages.workflow_file_not_text());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (document.isBlank() && !errors.has("file")) {
            errors.add("document", messages.workflow_document_missing());
        } else if (document.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
            errors.add("document", messages.workflow_document_too_large(MAX_DOCUMENT_BYTES / 1024));
        }
        return new WorkflowDocumentForm(id == null ? "" : id.strip(), document);
    }

    /** A JSON document goes to workflow-service as JSON (it keeps each version in its own notation), anything else as YAML. */
    boolean json() {
        return document.stripLeading().startsWith("{");
    }

    /** Strictly: a binary file is refused rather than registered with replacement characters. */
    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
