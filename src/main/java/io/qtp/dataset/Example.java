package io.qtp.dataset;

import java.util.Objects;

/**
 * One labelled row of the query-type data set, as written to the JSONL files.
 *
 * @param query    the query text
 * @param type     {@code keyword}, {@code semantic} or {@code hybrid}
 * @param language {@code ja} or {@code en}
 * @param source   where the row came from, e.g. {@code jsquad}, {@code scifact-query}, {@code handwritten}
 * @param rule     the derivation rule that produced it, e.g. {@code original}, {@code ja-content-words}
 * @param group    the id of the original the row derives from; all rows of a group land in the same split
 * @param license  SPDX id of the row's licence, inherited from its source
 */
public record Example(String query, String type, String language, String source, String rule, String group,
                      String license) {

    public Example {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(license, "license");
    }
}
