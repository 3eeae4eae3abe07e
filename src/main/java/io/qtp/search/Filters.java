package io.qtp.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Optional restrictions of a search, turned into a parameterised SQL fragment: every value is a bind parameter.
 *
 * @param metadataJson  a JSON object the document's metadata must contain ({@code metadata @> ?::jsonb}), or null
 * @param language      {@code en} or {@code ja}, or null
 * @param createdAfter  inclusive lower bound of {@code created_at}, or null
 * @param createdBefore exclusive upper bound of {@code created_at}, or null
 */
public record Filters(String metadataJson, String language, Instant createdAfter, Instant createdBefore) {

    public static final Filters NONE = new Filters(null, null, null, null);

    public boolean any() {
        return metadataJson != null || language != null || createdAfter != null || createdBefore != null;
    }

    /** {@code " AND ..."} for each filter that is set, with {@code ?} placeholders in the order of {@link #parameters}. */
    public String sql() {
        StringBuilder sb = new StringBuilder();
        if (metadataJson != null) {
            sb.append(" AND metadata @> ?::jsonb");
        }
        if (language != null) {
            sb.append(" AND language = ?");
        }
        if (createdAfter != null) {
            sb.append(" AND created_at >= ?");
        }
        if (createdBefore != null) {
            sb.append(" AND created_at < ?");
        }
        return sb.toString();
    }

    public List<Object> parameters() {
        List<Object> p = new ArrayList<>(4);
        if (metadataJson != null) {
            p.add(metadataJson);
        }
        if (language != null) {
            p.add(language);
        }
        if (createdAfter != null) {
            p.add(createdAfter.atOffset(java.time.ZoneOffset.UTC));
        }
        if (createdBefore != null) {
            p.add(createdBefore.atOffset(java.time.ZoneOffset.UTC));
        }
        return p;
    }
}
