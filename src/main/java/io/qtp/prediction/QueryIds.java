package io.qtp.prediction;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code queryId} of every answered prediction and search: a UUID version 7 (RFC 9562: 48 bits of Unix time in
 * milliseconds, then 74 random bits), so ids sort by time and the {@code query_logs.query_id} index grows at its end
 * rather than at random pages. Drawn from {@link ThreadLocalRandom}: no lock on the prediction path. Unique, not
 * secret: whoever may post feedback may post it for any id it learns.
 */
public final class QueryIds {

    private QueryIds() {
    }

    public static UUID next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long msb = (millis << 16) | 0x7000L | (r.nextInt() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
