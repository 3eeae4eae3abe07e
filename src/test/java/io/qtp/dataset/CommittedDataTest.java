package io.qtp.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.analysis.LanguageDetector;

/** Checks the data set committed under {@code data/query-types/} (read from the project directory). */
class CommittedDataTest {
    static final Path DIR = Path.of("data", "query-types");
    static final List<String> SPLITS = List.of("train", "dev", "test");
    static final Map<String, String> LICENSE_OF_SOURCE = Map.of(
            "jsquad", "CC-BY-SA-4.0",
            "scifact-query", "CC-BY-NC-2.0",
            "scifact-title", "CC-BY-NC-2.0",
            "handwritten", "CC0-1.0");

    static Map<String, List<Example>> splits = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        for (String s : SPLITS) {
            splits.put(s, Jsonl.read(DIR.resolve(s + ".jsonl")));
        }
    }

    private static List<Example> all() {
        return SPLITS.stream().flatMap(s -> splits.get(s).stream()).toList();
    }

    @Test
    void everyRowHasTheSchema() {
        for (String s : SPLITS) {
            assertThat(splits.get(s)).as(s).isNotEmpty();
            for (Example e : splits.get(s)) {
                assertThat(e.type()).as(e.toString()).isIn(QueryTypes.LABELS);
                assertThat(e.language()).as(e.toString()).isIn(QueryTypes.LANGUAGES);
                assertThat(e.query()).as(e.toString()).isNotBlank().hasSizeLessThanOrEqualTo(1000)
                        .isEqualTo(e.query().strip());
                assertThat(e.query().chars().noneMatch(c -> c < 0x20)).as(e.toString()).isTrue();
                assertThat(e.source()).as(e.toString()).isIn(LICENSE_OF_SOURCE.keySet());
                assertThat(e.license()).as(e.toString()).isEqualTo(LICENSE_OF_SOURCE.get(e.source()));
                assertThat(e.rule()).as(e.toString()).isNotBlank();
                assertThat(e.group()).as(e.toString()).startsWith(e.source() + ":");
            }
        }
    }

    @Test
    void languageLabelIsWhatTheServiceDetects() {
        for (Example e : all()) {
            Language detected = LanguageDetector.detect(e.query());
            assertThat(detected.code()).as(e.toString()).isEqualTo(e.language());
        }
    }

    @Test
    void noQueryTwiceAnywhere() {
        Map<String, List<Example>> byKey = all().stream()
                .collect(Collectors.groupingBy(e -> DatasetBuilder.normalize(e.query())));
        List<List<Example>> duplicates = byKey.values().stream().filter(l -> l.size() > 1).toList();
        assertThat(duplicates).isEmpty();
    }

    @Test
    void noGroupInTwoSplits() {
        Map<String, String> splitOfGroup = new HashMap<>();
        for (String s : SPLITS) {
            for (Example e : splits.get(s)) {
                String before = splitOfGroup.putIfAbsent(e.group(), s);
                assertThat(before == null || before.equals(s)).as(e.group() + ": " + before + " and " + s).isTrue();
            }
        }
    }

    @Test
    void balancedAndLargeEnough() {
        for (String lang : QueryTypes.LANGUAGES) {
            List<Example> rows = all().stream().filter(e -> e.language().equals(lang)).toList();
            assertThat(rows).as(lang).hasSizeGreaterThanOrEqualTo(3000);
            Map<String, Long> byType = rows.stream().collect(Collectors.groupingBy(Example::type, Collectors.counting()));
            for (String type : QueryTypes.LABELS) {
                assertThat(byType.get(type)).as(lang + " " + type).isGreaterThanOrEqualTo(1000L);
            }
            assertThat(byType.values().stream().distinct()).as(lang + " balanced: " + byType).hasSize(1);
            for (String s : SPLITS) {
                for (String type : QueryTypes.LABELS) {
                    long n = splits.get(s).stream().filter(e -> e.language().equals(lang) && e.type().equals(type))
                            .count();
                    assertThat(n).as(s + " " + lang + " " + type).isGreaterThanOrEqualTo(100);
                }
            }
        }
    }

    @Test
    void splitProportionsAreAbout70_15_15() {
        double total = all().size();
        assertThat(splits.get("train").size() / total).isBetween(0.67, 0.73);
        assertThat(splits.get("dev").size() / total).isBetween(0.13, 0.17);
        assertThat(splits.get("test").size() / total).isBetween(0.13, 0.17);
    }

    @Test
    void handwrittenFileHasEnoughRowsPerLanguageAndIsAllUsed() throws IOException {
        List<Sources.Handwritten> rows = Sources.readHandwritten(DIR.resolve("handwritten.tsv"));
        for (String lang : QueryTypes.LANGUAGES) {
            assertThat(rows.stream().filter(r -> r.language().equals(lang)).count()).as(lang)
                    .isGreaterThanOrEqualTo(250);
        }
        long inData = all().stream().filter(e -> e.source().equals("handwritten")).count();
        assertThat(inData).isEqualTo(rows.size());
        assertThat(Files.readString(DIR.resolve("handwritten.tsv"))).contains("CC0-1.0");
    }

    @Test
    void statsAndReadmeDescribeTheseFiles() throws IOException, NoSuchAlgorithmException {
        String stats = Files.readString(DIR.resolve("stats.md"), StandardCharsets.UTF_8);
        for (String s : SPLITS) {
            byte[] bytes = Files.readAllBytes(DIR.resolve(s + ".jsonl"));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(stats).as("stats.md is stale: regenerate").contains(sha);
        }
        String readme = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("CC BY-SA 4.0", "CC BY-NC 2.0", "CC0", "JGLUE", "Yahoo Japan Corporation",
                "SciFact", "build-dataset", "--seed 42");
    }
}
