package io.qtp.search.web;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /api/search}.
 *
 * @param query       1 to 1000 characters (the prediction API's rules)
 * @param limit       results, 1 to 100 (10 when absent)
 * @param filters     optional: {@code {"metadata": {...}, "language": "en|ja", "createdAfter": ISO-8601,
 *                    "createdBefore": ISO-8601}}
 * @param strategy    optional: force a strategy instead of the adaptive choice
 * @param vectorWeight optional with {@code strategy: weighted}: the vector weight (keyword = 1 - it)
 */
public record SearchRequest(String query, Integer limit, JsonNode filters, String strategy, Double vectorWeight) {
}
