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
import java.util.Set;
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
            "handwritten", "CC0-1.0",
            "everyday", "CC0-1.0");

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

    private static boolean everyday(Example e) {
        return e.source().equals("everyday");
    }

    /** Derived and hand-written rows: the service's detection. Everyday rows: the writer's language (romaji is ja). */
    @Test
    void languageLabelIsWhatTheServiceDetects() {
        for (Example e : all()) {
            if (everyday(e)) {
                assertThat(e.id()).as(e.toString()).startsWith(e.language() + "-");
                continue;
            }
            Language detected = LanguageDetector.detect(e.query());
            assertThat(detected.code()).as(e.toString()).isEqualTo(e.language());
        }
    }

    /**
     * Every row of the everyday files is in the data set once (except exact duplicates of an earlier row), with its
     * type, language, domain and register as written, and every domain has rows in each language's test split.
     */
    @Test
    void everydayFilesAreAllUsedAsWritten() throws IOException {
        List<Sources.Everyday> rows = Sources.readEveryday(DIR.resolve("everyday"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(4000);
        Map<String, Example> byId = all().stream().filter(CommittedDataTest::everyday)
                .collect(Collectors.toMap(Example::id, e -> e));
        Map<String, String> firstIdOfQuery = new HashMap<>();
        // the builder adds the everyday rows after the derived and hand-written ones and drops any that repeats one
        all().stream().filter(e -> !everyday(e))
                .forEach(e -> firstIdOfQuery.putIfAbsent(DatasetBuilder.normalize(e.query()), e.group()));
        int duplicates = 0;
        for (Sources.Everyday r : rows) {
            String first = firstIdOfQuery.putIfAbsent(DatasetBuilder.normalize(r.query()), r.id());
            if (first != null) {
                assertThat(byId).as(r.id() + " duplicates " + first).doesNotContainKey(r.id());
                duplicates++;
                continue;
            }
            Example e = byId.get(r.id());
            assertThat(e).as(r.id()).isNotNull();
            assertThat(List.of(e.query(), e.type(), e.language(), e.domain(), e.register(), e.group(), e.license()))
                    .as(r.id()).containsExactly(r.query(), r.type(), r.language(), r.domain(), r.register(),
                            "everyday:" + r.group(), r.license());
        }
        assertThat(byId).hasSize(rows.size() - duplicates);
        // nine writers repeat common short queries; the data stays mostly distinct
        assertThat(duplicates).isLessThan(rows.size() / 10);
        for (String lang : QueryTypes.LANGUAGES) {
            Set<String> domains = splits.get("test").stream()
                    .filter(e -> everyday(e) && e.language().equals(lang)).map(Example::domain)
                    .collect(Collectors.toSet());
            assertThat(domains).as(lang).containsExactlyInAnyOrderElementsOf(Sources.DOMAINS);
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

    /** The derived and hand-written rows are balanced by type; the everyday rows are as written, in each split. */
    @Test
    void balancedAndLargeEnough() {
        for (String lang : QueryTypes.LANGUAGES) {
            for (String s : SPLITS) {
                for (String type : QueryTypes.LABELS) {
                    long n = splits.get(s).stream()
                            .filter(e -> everyday(e) && e.language().equals(lang) && e.type().equals(type)).count();
                    assertThat(n).as("everyday " + s + " " + lang + " " + type).isGreaterThanOrEqualTo(80);
                }
            }
            List<Example> rows = all().stream().filter(e -> !everyday(e) && e.language().equals(lang)).toList();
            assertThat(rows).as(lang).hasSizeGreaterThanOrEqualTo(3000);
            Map<String, Long> byType = rows.stream().collect(Collectors.groupingBy(Example::type, Collectors.counting()));
            for (String type : QueryTypes.LABELS) {
                assertThat(byType.get(type)).as(lang + " " + type).isGreaterThanOrEqualTo(1000L);
            }
            assertThat(byType.values().stream().distinct()).as(lang + " balanced: " + byType).hasSize(1);
            for (String s : SPLITS) {
                for (String type : QueryTypes.LABELS) {
                    long n = splits.get(s).stream()
                            .filter(e -> !everyday(e) && e.language().equals(lang) && e.type().equals(type)).count();
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
        for (String lang : QueryTypes.LANGUAGES) {
            double everydayTotal = all().stream().filter(e -> everyday(e) && e.language().equals(lang)).count();
            for (String s : SPLITS) {
                double share = splits.get(s).stream().filter(e -> everyday(e) && e.language().equals(lang)).count()
                        / everydayTotal;
                assertThat(share).as("everyday " + lang + " " + s).isBetween(s.equals("train") ? 0.67 : 0.13,
                        s.equals("train") ? 0.73 : 0.17);
            }
        }
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
                "SciFact", "build-dataset", "--seed 42", "everyday", "docs/LABELLING.md");
    }
}
