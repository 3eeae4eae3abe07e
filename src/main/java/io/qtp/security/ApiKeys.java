package io.qtp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * A set of API keys compared in constant time: each candidate key is compared with every configured key by
 * {@link MessageDigest#isEqual}, over SHA-256 digests so that the comparison does not leak key lengths either.
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    public ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(String::strip).filter(k -> !k.isEmpty()).map(ApiKeys::sha256).toList();
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public int size() {
        return digests.size();
    }

    public boolean matches(String candidate) {
        if (candidate == null || digests.isEmpty()) {
            return false;
        }
        byte[] d = sha256(candidate);
        boolean found = false;
        for (byte[] key : digests) {
            found |= MessageDigest.isEqual(key, d);
        }
        return found;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
