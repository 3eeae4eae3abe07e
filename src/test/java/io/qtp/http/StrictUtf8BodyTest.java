package io.qtp.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The strict UTF-8 check in front of Jackson (whose own decoder takes the overlong C0 AF for '/'). */
class StrictUtf8BodyTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static byte[] concat(String prefix, byte[] middle) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + middle.length + 2];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(middle, 0, out, p.length, middle.length);
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }

    @Test
    void validUtf8Passes() {
        assertThatCode(() -> StrictUtf8Body.checkUtf8("{\"query\": \"検索 é 😀 \u00a0\"}".getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
        assertThatCode(() -> StrictUtf8Body.checkUtf8(new byte[0])).doesNotThrowAnyException();
        // a large body crosses the decoder's buffer boundary
        assertThatCode(() -> StrictUtf8Body.checkUtf8(("{\"q\": \"" + "ベクトル".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @Test
    void overlongFormsAreRejected() {
        // C0 AF is an overlong '/': a strict decoder must not turn it into a slash
        assertThatThrownBy(() -> StrictUtf8Body.checkUtf8(concat("{\"query\": \"..", bytes(0xC0, 0xAF))))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("request body is not valid UTF-8")
                .hasMessageContaining("C0").hasMessageContaining("at byte 13");
        assertThatThrownBy(() -> StrictUtf8Body.checkUtf8(concat("{\"q\": \"", bytes(0xE0, 0x80, 0xAF))))
                .hasMessageStartingWith("request body is not valid UTF-8");
        assertThatThrownBy(() -> StrictUtf8Body.checkUtf8(concat("{\"q\": \"", bytes(0xF0, 0x80, 0x80, 0xAF))))
                .hasMessageStartingWith("request body is not valid UTF-8");
    }

    @Test
    void invalidSequencesAreRejected() {
        int[][] bad = {{0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xFF}, {0xFE}, {0x80}, {0xC3}, {0xE2, 0x82},
            {0xC3, 0x28}};
        for (int[] b : bad) {
            assertThatThrownBy(() -> StrictUtf8Body.checkUtf8(concat("{\"q\": \"x", bytes(b))))
                    .hasMessageStartingWith("request body is not valid UTF-8").hasMessageContaining("at byte 8");
        }
        // truncated at the very end
        assertThatThrownBy(() -> StrictUtf8Body.checkUtf8(bytes('a', 0xE3, 0x81)))
                .hasMessageStartingWith("request body is not valid UTF-8").hasMessageContaining("at byte 1");
    }
}
