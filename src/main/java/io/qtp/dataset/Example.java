package io.qtp.dataset;

import java.util.Objects;

/**
 * One labelled row of the query-type data set, as written to the JSONL files.
 *
 * @param query    the query text
 * @param type     {@code keyword}, {@code semantic} or {@code hybrid}
 * @param language {@code ja} or {@code en}; for derived rows the service's detection, for everyday rows the
 *                 language the user writes in (romaji Japanese is {@code ja})
 * @param source   where the row came from, e.g. {@code jsquad}, {@code scifact-query}, {@code handwritten},
 *                 {@code everyday}
 * @param rule     the derivation rule that produced it, e.g. {@code original}, {@code ja-content-words}
 * @param group    the id of the original the row derives from; all rows of a group land in the same split
 * @param license  SPDX id of the row's licence, inherited from its source
 * @param id       the row's id in its source file (everyday rows), else {@code null}
 * @param domain   the everyday domain ({@code web}, {@code travel} ...), else {@code null}
 * @param register how the everyday query is typed ({@code keywords}, {@code question} ...), else {@code null}
 */
public record Example(String query, String type, String language, String source, String rule, String group,
                      String license, String id, String domain, String register) {

    public Example {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(license, "license");
    }

    /** A derived or hand-written row, without the everyday keys. */
    public Example(String query, String type, String language, String source, String rule, String group,
                   String license) {
        this(query, type, language, source, rule, group, license, null, null, null);
    }
}
