package io.qtp.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small copy of the data set for CLI tests: every 40th line of {@code train.jsonl} as the training split, and
 * every 20th line of {@code dev.jsonl} alternately as dev and test. The committed {@code test.jsonl} is not read.
 */
final class SmallData {

    private SmallData() {
    }

    static Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> train = every(Files.readAllLines(Path.of("data/query-types/train.jsonl")), 40, 0);
        List<String> dev = Files.readAllLines(Path.of("data/query-types/dev.jsonl"));
        Files.write(dir.resolve("train.jsonl"), train, StandardCharsets.UTF_8);
        Files.write(dir.resolve("dev.jsonl"), every(dev, 20, 0), StandardCharsets.UTF_8);
        Files.write(dir.resolve("test.jsonl"), every(dev, 20, 10), StandardCharsets.UTF_8);
        return dir;
    }

    private static List<String> every(List<String> lines, int step, int offset) {
        List<String> out = new ArrayList<>();
        for (int i = offset; i < lines.size(); i += step) {
            out.add(lines.get(i));
        }
        return out;
    }
}
