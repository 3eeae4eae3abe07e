package io.qtp.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Memory figures in the seed's {@code /health/details} shape ("N MB"), plus the heap ceiling, CPUs and what the
 * memory-pressure check reads: the long-lived heap (old generation) after the last collection of it, and its maximum
 * ({@code io.qtp.prediction.Degradation}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryReport(String rss, String heapTotal, String heapUsed, String heapMax, int availableProcessors,
        String longLivedAfterGc, String longLivedMax) {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    public static MemoryReport now(io.qtp.prediction.Degradation.MemoryReading reading) {
        Runtime rt = Runtime.getRuntime();
        long total = rt.totalMemory();
        long used = total - rt.freeMemory();
        long rss = residentSetBytes();
        boolean read = reading != null && reading.maxBytes() > 0 && reading.liveAfterGcBytes() >= 0;
        return new MemoryReport(rss < 0 ? "unknown" : mb(rss), mb(total), mb(used), mb(rt.maxMemory()),
                rt.availableProcessors(), read ? mb(reading.liveAfterGcBytes()) : null, read ? mb(reading.maxBytes()) : null);
    }

    private static String mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0) + " MB";
    }

    /** Resident set size from /proc (Linux); -1 where it is not available. */
    static long residentSetBytes() {
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
