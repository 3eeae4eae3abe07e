package io.qtp.training;

import java.util.Objects;

import io.qtp.classify.QueryType;

/**
 * One labelled row of a data file.
 *
 * @param query    the query text
 * @param type     its label
 * @param language {@code ja} / {@code en} as the file says, or {@code null} when the file has no language column
 *                 (the analyser's detection is used then)
 * @param source   where the row comes from ({@code jsquad}, {@code handwritten}, {@code everyday} ...), or
 *                 {@code null}
 * @param group    the original the row was derived from (rows of a group stay in one split), or {@code null}
 * @param license  the row's licence (SPDX id, e.g. {@code CC0-1.0}), or {@code null} when the file does not say
 * @param domain   the everyday domain ({@code travel} ...), or {@code null}
 */
public record LabelledQuery(String query, QueryType type, String language, String source, String group,
                            String license, String domain) {

    public LabelledQuery {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(type, "type");
    }

    /** A row without licence and domain. */
    public LabelledQuery(String query, QueryType type, String language, String source, String group) {
        this(query, type, language, source, group, null, null);
    }
}
