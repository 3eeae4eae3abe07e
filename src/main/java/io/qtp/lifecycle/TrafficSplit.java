package io.qtp.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How much traffic goes to the {@code green} candidate: every user in {@code canaryUserIds}, plus
 * {@code greenPercent} % of the rest. A request with a user id is routed by a hash of the id, so a user stays
 * on one model; a request without one is routed at random.
 *
 * @param greenPercent   0 to 100
 * @param canaryUserIds  users who always get the green model
 */
public record TrafficSplit(int greenPercent, Set<String> canaryUserIds) {

    public static final TrafficSplit NONE = new TrafficSplit(0, Set.of());

    public TrafficSplit {
        if (greenPercent < 0 || greenPercent > 100) {
            throw new IllegalArgumentException("greenPercent must be 0 to 100, got " + greenPercent);
        }
        canaryUserIds = Set.copyOf(canaryUserIds);
    }

    public static TrafficSplit of(int greenPercent, List<String> canaryUserIds) {
        return new TrafficSplit(greenPercent, canaryUserIds == null ? Set.of() : Set.copyOf(canaryUserIds));
    }

    public boolean routesToGreen(String userId, RandomGenerator random) {
        if (userId != null && canaryUserIds.contains(userId)) {
            return true;
        }
        if (greenPercent == 0) {
            return false;
        }
        if (greenPercent == 100) {
            return true;
        }
        int bucket = userId == null ? random.nextInt(100) : bucketOf(userId);
        return bucket < greenPercent;
    }

    /** A stable bucket 0..99 for a user id (FNV-1a over its UTF-8 bytes, then a 64-bit finaliser). */
    static int bucketOf(String userId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : userId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, 100);
    }
}
