package io.qtp.dataset;

/**
 * A query a rule derived from an original, with the type it has by construction and the rule's name.
 * The builder takes at most one candidate per type from each group.
 */
public record Candidate(String query, QueryTypes.Type type, String rule) {
}
