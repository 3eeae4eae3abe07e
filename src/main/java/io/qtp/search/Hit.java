package io.qtp.search;

/** One ranked document id with the score its ranking used. */
public record Hit(String id, double score) {
}
