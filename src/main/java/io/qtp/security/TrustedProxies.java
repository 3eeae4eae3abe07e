package io.qtp.security;

import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * Which peers may speak for a client through {@code X-Forwarded-For}, and the client address that follows.
 *
 * <p>Written here rather than with Quarkus's {@code quarkus.http.proxy.*} forwarding, which rewrites the whole
 * request (scheme, host, port) for every route; the limiter only needs one well-defined address: walking the
 * header from the right, the first address that is not a trusted proxy (what the nearest untrusted hop
 * connected from). A header from an untrusted peer is ignored, so a client cannot choose its own bucket.
 * Addresses are parsed as literals only (Netty's {@link NetUtil}); nothing is ever resolved through DNS.
 */
public final class TrustedProxies {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    /** Entries are addresses ({@code 10.0.0.5}, {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8}). */
    public TrustedProxies(List<String> entries) {
        List<Range> out = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? e : e.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: not an IP address or CIDR range: " + e);
            }
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(e.substring(slash + 1));
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: bad prefix length in " + e);
            }
            out.add(new Range(address, prefix));
        }
        this.ranges = List.copyOf(out);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusted(String ip) {
        if (ip == null || ranges.isEmpty()) {
            return false;
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(ip.strip());
        if (address == null) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: the direct peer, unless the peer is a trusted proxy and {@code X-Forwarded-For}
     * names an address; then the right-most forwarded address that is not itself a trusted proxy.
     */
    public String clientIp(String peer, String forwardedFor) {
        if (peer == null) {
            return "unknown";
        }
        if (forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
                // Garbage in the chain: stop at the last address we could believe.
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }
}
