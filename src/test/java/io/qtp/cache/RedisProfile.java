package io.qtp.cache;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service with Redis configured, as REDIS_HOST / REDIS_PORT would, against the tests' own redis-server. */
public class RedisProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qtp.cache.redis-enabled", "true",
                "quarkus.redis.hosts", "redis://127.0.0.1:" + RedisServer.port());
    }
}
