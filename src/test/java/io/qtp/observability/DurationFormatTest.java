package io.qtp.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class DurationFormatTest {

    @Test
    void theAccessLogDurationIsMillisecondsWithThreeDecimals() {
        assertThat(HttpObservability.milliseconds(0)).isEqualTo("0.000ms");
        assertThat(HttpObservability.milliseconds(1_499)).isEqualTo("0.001ms");
        assertThat(HttpObservability.milliseconds(12_345_678)).isEqualTo("12.346ms");
        assertThat(HttpObservability.milliseconds(7_050_000)).isEqualTo("7.050ms");
        assertThat(HttpObservability.milliseconds(3_000_000_000L)).isEqualTo("3000.000ms");
        // as String.format("%.3fms") wrote it, away from the half-way points that binary fractions blur
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            long nanos = random.nextLong(20_000_000_000L);
            if (Math.abs(nanos % 1000 - 500) < 2) {
                continue;
            }
            assertThat(HttpObservability.milliseconds(nanos))
                    .isEqualTo(String.format(Locale.ROOT, "%.3fms", nanos / 1_000_000.0));
        }
    }
}
