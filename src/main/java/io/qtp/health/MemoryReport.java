package io.qtp.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Memory figures in the seed's {@code /health/details} shape ("N MB"), plus the heap ceiling and CPUs. */
public record MemoryReport(String rss, String heapTotal, String heapUsed, String heapMax, int availableProcessors) {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    public static MemoryReport now() {
        Runtime rt = Runtime.getRuntime();
        long total = rt.totalMemory();
        long used = total - rt.freeMemory();
        long rss = residentSetBytes();
        return new MemoryReport(rss < 0 ? "unknown" : mb(rss), mb(total), mb(used), mb(rt.maxMemory()),
                rt.availableProcessors());
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
