package io.qtp.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TrafficSplitTest {

    @Test
    void anonymousTrafficFollowsThePercentageWithinAStatisticalBound() {
        TrafficSplit split = TrafficSplit.of(20, List.of());
        SplittableRandom random = new SplittableRandom(42);
        int n = 100_000;
        int green = 0;
        for (int i = 0; i < n; i++) {
            if (split.routesToGreen(null, random)) {
                green++;
            }
        }
        // Binomial(100000, 0.2): sd = 126.5; 5 sd = 632, i.e. +-0.63 percentage points.
        assertThat(green).isBetween(20_000 - 632, 20_000 + 632);
    }

    @Test
    void usersAreSplitByAStableHashWithinAStatisticalBound() {
        TrafficSplit split = TrafficSplit.of(30, List.of());
        Random ids = new Random(7);
        SplittableRandom unused = new SplittableRandom(1);
        int n = 20_000;
        int green = 0;
        for (int i = 0; i < n; i++) {
            String user = "user-" + Long.toHexString(ids.nextLong());
            boolean first = split.routesToGreen(user, unused);
            assertThat(split.routesToGreen(user, unused)).as("sticky for %s", user).isEqualTo(first);
            if (first) {
                green++;
            }
        }
        // Binomial(20000, 0.3): sd = 64.8; 5 sd = 324.
        assertThat(green).isBetween(6_000 - 324, 6_000 + 324);
    }

    @Test
    void canaryUsersAlwaysGetGreenAndOthersNeverAtZeroPercent() {
        TrafficSplit split = TrafficSplit.of(0, List.of("alice", "bob"));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(split.routesToGreen("alice", random)).isTrue();
            assertThat(split.routesToGreen("carol-" + i, random)).isFalse();
            assertThat(split.routesToGreen(null, random)).isFalse();
        }
    }

    @Test
    void hundredPercentSendsEverythingToGreen() {
        TrafficSplit split = TrafficSplit.of(100, List.of());
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            assertThat(split.routesToGreen(i % 2 == 0 ? null : "u" + i, random)).isTrue();
        }
    }

    @Test
    void percentageOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> TrafficSplit.of(101, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficSplit.of(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
