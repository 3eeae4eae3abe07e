package io.qtp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "192.168.1.5", "fd00::/8"));

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() {
        assertThat(proxies.clientIp("203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
        assertThat(new TrustedProxies(List.of()).clientIp("10.0.0.1", "1.2.3.4")).isEqualTo("10.0.0.1");
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertThat(proxies.clientIp("10.1.2.3", "1.2.3.4")).isEqualTo("1.2.3.4");
        assertThat(proxies.clientIp("10.1.2.3", "6.6.6.6, 1.2.3.4, 192.168.1.5")).isEqualTo("1.2.3.4");
        assertThat(proxies.clientIp("fd00::1", "2001:db8::7")).isEqualTo("2001:db8::7");
        // Only trusted hops: the left-most of them.
        assertThat(proxies.clientIp("10.1.2.3", "10.9.9.9")).isEqualTo("10.9.9.9");
        // Garbage stops the walk at the last believable address.
        assertThat(proxies.clientIp("10.1.2.3", "evil, not-an-ip")).isEqualTo("10.1.2.3");
    }

    @Test
    void rangesMatchByPrefix() {
        assertThat(proxies.trusted("10.255.0.1")).isTrue();
        assertThat(proxies.trusted("11.0.0.1")).isFalse();
        assertThat(proxies.trusted("192.168.1.6")).isFalse();
        assertThat(proxies.trusted("localhost")).isFalse();
        assertThat(new TrustedProxies(List.of("172.16.0.0/12")).trusted("172.31.255.255")).isTrue();
        assertThat(new TrustedProxies(List.of("172.16.0.0/12")).trusted("172.32.0.0")).isFalse();
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example.com"))).isInstanceOf(IllegalArgumentException.class);
    }
}
