package io.qtp.search;

import java.time.Instant;

import io.qtp.analysis.Language;

/**
 * A validated document to store.
 *
 * @param metadataJson a JSON object ({@code {}} when none)
 * @param createdAt    the document's own creation time, or null for "now" (kept on later updates)
 */
public record Document(String id, String title, String content, String metadataJson, Language language,
        Instant createdAt) {

    /** The text embedded for the document: title and content. */
    public String embeddingText() {
        return title == null || title.isBlank() ? content : title + "\n" + content;
    }
}
