package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The load benchmark is honest about what answered (issue 18): {@code scripts/bench/http-load.sh} counts the degraded
 * and fallback answers of each scenario and fails the run when a scenario meant to measure the model had any. Run
 * twice for a few seconds (after 2 s of unmeasured warm-up) against the packaged jar: once as shipped (exit 0, every answer from the model), once with
 * the server forced to degrade ({@code DEGRADE_MAX_IN_FLIGHT=0}: every prediction answered by the cache or the rules),
 * which must fail the run and say why.
 */
class HttpLoadScriptIT {

    private static final Pattern RESULT = Pattern.compile("(?m)^unique\\s+requests=.* answers=(\\d+) degraded=(\\d+) fallback=(\\d+) versions=(\\S+)");
    /** The server's CPU time per request and the cores it used over the scenario (from /proc/PID/stat). */
    private static final Pattern CPU = Pattern.compile("(?m)^unique\\s+requests=.* cpu_us_per_req=([0-9.]+) server_cores=([0-9.]+)$");

    record Run(int exit, String out) {
    }

    static Run load(Map<String, String> env) throws Exception {
        Path log = Files.createTempFile("http-load", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/bench/http-load.sh").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("JAVA_OPTS"); // the shipped options, as the README runs it
        pb.environment().putAll(Map.of("DURATION", "3s", "WARMUP", "2s", "SCENARIOS", "unique", "CONNECTIONS", "2",
                "THREADS", "1"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("http-load.sh finished").isTrue();
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void aRunAnsweredByTheModelPassesAndADegradedOneFails() throws Exception {
        Run shipped = load(Map.of());
        assertThat(shipped.exit()).as(shipped.out()).isZero();
        Matcher m = RESULT.matcher(shipped.out());
        assertThat(m.find()).as(shipped.out()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("answers counted").isPositive();
        assertThat(m.group(2) + "/" + m.group(3)).as("degraded/fallback as shipped").isEqualTo("0/0");
        assertThat(m.group(4)).as("answered by the bundled model").doesNotContain("rules").isNotEqualTo("none");
        Matcher cpu = CPU.matcher(shipped.out());
        assertThat(cpu.find()).as(shipped.out()).isTrue();
        // an uncached prediction costs the server tens to hundreds of microseconds; the process's CPU clock ticks
        // (10 ms) over 3 s of load cannot round that to 0, and no request costs a second
        assertThat(Double.parseDouble(cpu.group(1))).as("server CPU per request, us").isBetween(1.0, 1_000_000.0);
        assertThat(Double.parseDouble(cpu.group(2))).as("server cores used").isBetween(0.01, 64.0);

        Run degraded = load(Map.of("DEGRADE_MAX_IN_FLIGHT", "0"));
        assertThat(degraded.exit()).as(degraded.out()).isEqualTo(1);
        m = RESULT.matcher(degraded.out());
        assertThat(m.find()).as(degraded.out()).isTrue();
        assertThat(Long.parseLong(m.group(2))).as("degraded answers counted").isPositive();
        assertThat(degraded.out()).contains("error: degraded or fallback answers in: unique");
    }
}
