package io.qtp.dataset;

import java.util.Set;

/**
 * The split batch of an everyday row (data/query-types/README.md, "Selection, balancing and split", step 5): the
 * everyday files present when the hand-written test split was first fixed form one batch; each file added after
 * them is a batch of its own, group-split among its own groups so that it never moves a group of an earlier file.
 * The data set builder stratifies by it; the training report gives the quality bars on the first batch apart, the
 * rows every figure before model 1.4.0 was measured on.
 */
public final class EverydayBatch {

    /** The batch of the files of 2026-12-06. */
    public static final String FIRST = "first";

    /** The everyday files split together when the hand-written test split was first fixed (2026-12-06). */
    static final Set<String> FIRST_BATCH_WRITERS = Set.of("ja-a", "ja-b", "ja-c", "ja-d", "ja-e", "ja-f", "en-a",
            "en-b", "en-c", "en-d", "en-e", "en-f", "en-g", "en-h", "en-i");

    private EverydayBatch() {
    }

    /** The batch of an everyday group ({@code everyday:en-j-g0001}): {@link #FIRST} or its writer ({@code en-j}). */
    public static String of(String group) {
        String local = group.substring(group.indexOf(':') + 1);
        int writerEnd = local.indexOf('-', local.indexOf('-') + 1);
        String writer = writerEnd < 0 ? local : local.substring(0, writerEnd);
        return FIRST_BATCH_WRITERS.contains(writer) ? FIRST : writer;
    }
}
