package io.qtp.security;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.vertx.mutiny.redis.client.RedisAPI;

/**
 * Bucket4j's compare-and-swap proxy manager over the service's own Quarkus (Vert.x) Redis client, so that one
 * bucket per caller is shared by every instance.
 *
 * <p>Why this rather than {@code bucket4j-lettuce}: the service already has a non-blocking Redis client with its
 * connection settings ({@code REDIS_HOST}), pool and reconnection; a second client (Lettuce, with its own Netty
 * and Reactor) would double the connections, the configuration and the failure modes. Bucket4j supplies the
 * algorithm and the retry loop; this class supplies only the two storage operations: read the bucket's bytes,
 * and replace them only if they are still what was read (a Lua script, atomic in Redis). Only the asynchronous
 * API is implemented: the limiter runs on the event loop, which must never block.
 */
final class RedisBucketStore extends AbstractCompareAndSwapBasedProxyManager<String> {

    private static final String CAS = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              if tonumber(ARGV[3]) > 0 then
                redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
              else
                redis.call('set', KEYS[1], ARGV[2])
              end
              return 1
            end
            return 0""";

    private static final Base64.Encoder ENC = Base64.getEncoder();
    private static final Base64.Decoder DEC = Base64.getDecoder();

    private final RedisAPI redis;
    private final ExpirationAfterWriteStrategy expiration;

    RedisBucketStore(RedisAPI redis, Duration requestTimeout) {
        this(redis, requestTimeout, ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)));
    }

    private RedisBucketStore(RedisAPI redis, Duration requestTimeout, ExpirationAfterWriteStrategy expiration) {
        super(ClientSideConfig.getDefault().withRequestTimeout(requestTimeout).withExpirationAfterWriteStrategy(expiration));
        this.redis = redis;
        this.expiration = expiration;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("only the asynchronous API is used: the event loop must not block");
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new AsyncCompareAndSwapOperation() {
            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                return redis.get(key).map(r -> r == null ? Optional.<byte[]> empty() : Optional.of(DEC.decode(r.toString())))
                        .subscribeAsCompletionStage();
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(byte[] original, byte[] update, RemoteBucketState state,
                    Optional<Long> timeoutNanos) {
                long ttl = Math.max(0, expiration.calculateTimeToLiveMillis(state, currentTimeNanos()));
                String value = ENC.encodeToString(update);
                if (original == null) {
                    List<String> args = ttl > 0 ? List.of(key, value, "NX", "PX", Long.toString(ttl)) : List.of(key, value, "NX");
                    return redis.set(args).map(r -> r != null).subscribeAsCompletionStage();
                }
                return redis.eval(List.of(CAS, "1", key, ENC.encodeToString(original), value, Long.toString(ttl)))
                        .map(r -> r != null && r.toLong() == 1L).subscribeAsCompletionStage();
            }
        };
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return redis.del(List.of(key)).replaceWithVoid().subscribeAsCompletionStage();
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    @Override
    public void removeProxy(String key) {
        throw new UnsupportedOperationException("asynchronous API only");
    }
}
