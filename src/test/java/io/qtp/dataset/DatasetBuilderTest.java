package io.qtp.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.qtp.cli.ToolRun;
import picocli.CommandLine;

/**
 * The whole pipeline on small inputs written for this test (in the formats of JSQuAD and BEIR SciFact, but
 * not taken from them): determinism, group-level split, balance, output schema.
 */
class DatasetBuilderTest {

    static final List<String> QUESTIONS = List.of(
            "富士山の標高は何メートルか？",
            "日本で最も長い川はどこ？",
            "東京タワーが完成したのは何年ですか",
            "鎌倉幕府を開いたのは誰か。",
            "光合成で植物が吸収する気体は何か",
            "琵琶湖がある都道府県はどこですか？",
            "俳句の季語とは何を表す言葉か",
            "新幹線の最高速度は時速何キロか？",
            "源氏物語の作者は誰？",
            "日本の国会はいくつの院で構成されているか",
            "関ヶ原の戦いが起きたのはいつ",
            "北海道の道庁所在地はどこか。",
            "地球温暖化の主な原因とされる気体は何か？",
            "江戸時代の鎖国政策で貿易を許されたオランダの拠点はどこか",
            "東京証券取引所の略称は何と呼ばれるか",
            "梅雨前線を形成する気団と小笠原気団の関係は何か？",
            "日本の公用語を定めた法律はあるか",
            "将棋の駒で最も価値が高いとされるのはどれ？");
    static final List<String> CLAIMS = List.of(
            "Regular exercise reduces the risk of type 2 diabetes in older adults.",
            "Vitamin C supplementation prevents the common cold in healthy adults.",
            "Coffee consumption is associated with lower mortality in women.",
            "Sleep deprivation impairs glucose tolerance in young men.",
            "Smoking cessation increases life expectancy in patients with heart disease.",
            "Statin therapy lowers cholesterol levels in children with familial hypercholesterolemia.",
            "Air pollution is linked to asthma in urban children.",
            "Mediterranean diet improves cognitive function in elderly people.",
            "Aspirin reduces colorectal cancer incidence after long-term use.",
            "Obesity causes insulin resistance in skeletal muscle.");
    static final List<String[]> DOCS = List.of(
            new String[] {"Effects of exercise on insulin sensitivity in obese adolescents",
                "Insulin resistance is common in obese adolescents. We measured the effect of a twelve week training program."},
            new String[] {"Dietary fibre intake and risk of colorectal cancer in a large cohort",
                "Fibre intake has been proposed to protect against colorectal cancer in several cohort studies."},
            new String[] {"Air pollution exposure increases hospital admissions for asthma",
                "We studied daily hospital admissions for asthma in five cities over ten years."},
            new String[] {"Genetic variants of the vitamin D receptor in osteoporosis",
                "Osteoporosis is a common disease of the elderly with a strong genetic component in most populations."},
            new String[] {"Sleep duration and cardiovascular outcomes in middle-aged women",
                "Short sleep duration has been associated with hypertension and coronary heart disease in adults."},
            new String[] {"Role of gut microbiota in inflammatory bowel disease",
                "The gut microbiota shapes the mucosal immune system and may drive chronic inflammation in the intestine."},
            new String[] {"Antibiotic resistance genes in hospital wastewater",
                "Hospital wastewater contains antibiotic residues and resistant bacteria from many wards."},
            new String[] {"Long-term outcomes of bariatric surgery in patients with type 2 diabetes",
                "Bariatric surgery leads to substantial weight loss and remission of diabetes in many patients."},
            new String[] {"Screening for lung cancer with low-dose computed tomography",
                "Low-dose computed tomography detects lung cancer at earlier stages in heavy smokers."},
            new String[] {"Maternal obesity and the risk of congenital heart defects",
                "Maternal obesity has been linked to several birth defects in earlier registry studies."});
    static final String HANDWRITTEN = """
            # test file
            t1\tja\tkeyword\tplain\tPostgreSQL ベクトル検索 インデックス
            t1\tja\thybrid\tintent\tPostgreSQL ベクトル検索 設定方法
            t1\tja\tsemantic\tquestion\tPostgreSQLでベクトル検索を設定するにはどうすればいいですか？
            t2\ten\tkeyword\tstopwords\tdebug kubernetes aws on in
            t2\ten\thybrid\thowto\thow to debug crashloopbackoff in kubernetes
            t2\ten\tsemantic\tquestion\tWhy does my pod keep restarting?
            """;

    static Path inputs;

    @BeforeAll
    static void writeInputs(@TempDir Path dir) throws IOException {
        inputs = dir;
        StringBuilder squad = new StringBuilder("{\"data\": [{\"title\": \"test\", \"paragraphs\": [{\"qas\": [");
        for (int i = 0; i < QUESTIONS.size(); i++) {
            squad.append(i == 0 ? "" : ",").append("{\"question\": \"").append(QUESTIONS.get(i))
                    .append("\", \"id\": \"q").append(i).append("\", \"answers\": []}");
        }
        squad.append("], \"context\": \"test [SEP] x\"}]}]}");
        Files.writeString(dir.resolve("jsquad.json"), squad.toString(), StandardCharsets.UTF_8);
        Path beir = Files.createDirectories(dir.resolve("scifact"));
        StringBuilder queries = new StringBuilder();
        for (int i = 0; i < CLAIMS.size(); i++) {
            queries.append("{\"_id\": \"").append(i).append("\", \"text\": \"").append(CLAIMS.get(i)).append("\"}\n");
        }
        Files.writeString(beir.resolve("queries.jsonl"), queries.toString(), StandardCharsets.UTF_8);
        StringBuilder corpus = new StringBuilder();
        for (int i = 0; i < DOCS.size(); i++) {
            corpus.append("{\"_id\": \"d").append(i).append("\", \"title\": \"").append(DOCS.get(i)[0])
                    .append("\", \"text\": \"").append(DOCS.get(i)[1]).append("\"}\n");
        }
        Files.writeString(beir.resolve("corpus.jsonl"), corpus.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("handwritten.tsv"), HANDWRITTEN.replace("\\t", "\t"), StandardCharsets.UTF_8);
    }

    /** Runs build-dataset as the jar does; returns its exit code. */
    private static int run(String... args) {
        return ToolRun.run(new BuildDataset(), args).exit();
    }

    private static int build(Path out, long seed) {
        return run(new String[] {"--jsquad", inputs.resolve("jsquad.json").toString(),
            "--scifact", inputs.resolve("scifact").toString(), "--handwritten",
            inputs.resolve("handwritten.tsv").toString(), "--out", out.toString(), "--seed", Long.toString(seed)});
    }

    private static List<Example> all(Path out) throws IOException {
        List<Example> rows = new java.util.ArrayList<>();
        for (String f : List.of("train.jsonl", "dev.jsonl", "test.jsonl")) {
            rows.addAll(Jsonl.read(out.resolve(f)));
        }
        return rows;
    }

    @Test
    void sameSeedGivesIdenticalFiles(@TempDir Path a, @TempDir Path b) throws IOException {
        assertThat(build(a, 7)).isZero();
        assertThat(build(b, 7)).isZero();
        for (String f : List.of("train.jsonl", "dev.jsonl", "test.jsonl", "stats.md")) {
            assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
        }
        assertThat(all(a)).isNotEmpty();
    }

    @Test
    void otherSeedGivesOtherRows(@TempDir Path a, @TempDir Path b) throws IOException {
        assertThat(build(a, 1)).isZero();
        assertThat(build(b, 2)).isZero();
        assertThat(all(a)).isNotEqualTo(all(b));
    }

    @Test
    void groupsNeverSpanSplitsAndTypesAreBalanced(@TempDir Path out) throws IOException {
        assertThat(build(out, 42)).isZero();
        Map<String, String> splitOfGroup = new HashMap<>();
        for (String f : List.of("train.jsonl", "dev.jsonl", "test.jsonl")) {
            for (Example e : Jsonl.read(out.resolve(f))) {
                String previous = splitOfGroup.putIfAbsent(e.group(), f);
                assertThat(previous == null || previous.equals(f)).as(e.group() + " in " + previous + " and " + f)
                        .isTrue();
            }
        }
        List<Example> rows = all(out);
        for (String lang : QueryTypes.LANGUAGES) {
            Map<String, Long> byType = rows.stream().filter(e -> e.language().equals(lang))
                    .collect(Collectors.groupingBy(Example::type, Collectors.counting()));
            assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(QueryTypes.LABELS);
            assertThat(byType.values().stream().distinct()).as(lang + " " + byType).hasSize(1);
        }
        // hand-written rows are always kept, with their group id and licence
        assertThat(rows).filteredOn(e -> e.source().equals("handwritten")).hasSize(6)
                .allMatch(e -> e.license().equals("CC0-1.0") && e.group().startsWith("handwritten:t"));
        // variants of one original share the original's group
        assertThat(rows).filteredOn(e -> e.group().equals("jsquad:q0")).extracting(Example::type)
                .doesNotHaveDuplicates();
    }

    @Test
    void rowsHaveTheSchema(@TempDir Path out) throws IOException {
        assertThat(build(out, 3)).isZero();
        for (Example e : all(out)) {
            assertThat(e.type()).isIn(QueryTypes.LABELS);
            assertThat(e.language()).isIn(QueryTypes.LANGUAGES);
            assertThat(e.query()).isNotBlank().hasSizeLessThanOrEqualTo(1000).isEqualTo(e.query().strip());
            assertThat(e.rule()).isNotBlank();
            assertThat(e.license()).isEqualTo(switch (e.source()) {
                case "jsquad" -> "CC-BY-SA-4.0";
                case "scifact-query", "scifact-title" -> "CC-BY-NC-2.0";
                default -> "CC0-1.0";
            });
        }
        String firstLine = Files.readAllLines(out.resolve("train.jsonl")).get(0);
        assertThat(firstLine).startsWith("{\"query\":").contains("\"type\":", "\"language\":", "\"source\":",
                "\"rule\":", "\"group\":", "\"license\":");
    }

    /** Everyday rows of a small, made-up everyday directory: 40 groups per language, a duplicate, a romaji row. */
    private static Path everydayDir(Path dir) throws IOException {
        Path e = Files.createDirectories(dir.resolve("everyday"));
        for (String lang : QueryTypes.LANGUAGES) {
            StringBuilder sb = new StringBuilder();
            int id = 0;
            for (int g = 1; g <= 40; g++) {
                String[][] variants = lang.equals("ja")
                        ? new String[][] {{"keyword", "商品" + g + " 価格"}, {"hybrid", "商品" + g + "の価格"},
                            {"semantic", "商品" + g + "の価格を教えてください"}}
                        : new String[][] {{"keyword", "product " + g + " price"}, {"hybrid", "price of product " + g},
                            {"semantic", "what is the price of product " + g}};
                int n = 1 + g % 3; // groups of one, two and three rows
                for (int v = 0; v < n; v++) {
                    sb.append(String.format(java.util.Locale.ROOT, "{\"id\":\"%s-a-%04d\",\"query\":\"%s\",\"type\":\"%s\","
                            + "\"language\":\"%s\",\"domain\":\"%s\",\"register\":\"keywords\",\"group\":\"%s-a-g%04d\","
                            + "\"written\":\"assistant\",\"license\":\"CC0-1.0\"}%n", lang, ++id, variants[v][1], variants[v][0],
                            lang, Sources.DOMAINS.get(g % 12), lang, g));
                }
            }
            if (lang.equals("ja")) { // romaji (detected as English) and an exact duplicate of an earlier row
                sb.append("{\"id\":\"ja-a-0900\",\"query\":\"kakutei shinkoku yarikata\",\"type\":\"hybrid\","
                        + "\"language\":\"ja\",\"domain\":\"admin\",\"register\":\"typo-romaji\",\"group\":\"ja-a-g0900\","
                        + "\"written\":\"assistant\",\"license\":\"CC0-1.0\"}\n");
                sb.append("{\"id\":\"ja-a-0901\",\"query\":\"商品1の価格\",\"type\":\"hybrid\","
                        + "\"language\":\"ja\",\"domain\":\"admin\",\"register\":\"keywords\",\"group\":\"ja-a-g0901\","
                        + "\"written\":\"assistant\",\"license\":\"CC0-1.0\"}\n");
            }
            Files.writeString(e.resolve(lang + "-a.jsonl"), sb.toString(), StandardCharsets.UTF_8);
        }
        // a second-pass file is not first-pass data and must be ignored
        Files.writeString(e.resolve("second-pass-ja.jsonl"), "{\"id\":\"ja-a-0001\",\"type2\":\"hybrid\"}\n");
        return e;
    }

    @Test
    void everydayRowsAreGroupSplitAndLeaveTheDerivedRowsAlone(@TempDir Path plain, @TempDir Path with,
                                                             @TempDir Path again) throws IOException {
        Path everyday = everydayDir(inputs);
        assertThat(build(plain, 42)).isZero(); // no everyday directory next to the output: none
        for (Path out : List.of(with, again)) {
            assertThat(run(withEveryday(everyday, out))).isZero();
        }
        for (String f : List.of("train.jsonl", "dev.jsonl", "test.jsonl", "stats.md")) {
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(with.resolve(f)));
        }
        List<Example> rows = all(with);
        assertThat(rows.stream().filter(e -> !e.source().equals("everyday")).toList()).isEqualTo(all(plain));
        List<Example> everydayRows = rows.stream().filter(e -> e.source().equals("everyday")).toList();
        // 2 x (13 groups of 1 + 14 of 2 + 13 of 3 rows) + the romaji row; the duplicate is dropped
        assertThat(everydayRows).hasSize(2 * (13 + 28 + 39) + 1);
        assertThat(everydayRows).noneMatch(e -> "ja-a-0901".equals(e.id()));
        assertThat(everydayRows).filteredOn(e -> "ja-a-0900".equals(e.id())).singleElement()
                .satisfies(e -> {
                    assertThat(e.language()).isEqualTo("ja"); // the writer's language, not the detector's
                    assertThat(e.domain()).isEqualTo("admin");
                    assertThat(e.register()).isEqualTo("typo-romaji");
                    assertThat(e.group()).isEqualTo("everyday:ja-a-g0900");
                    assertThat(e.rule()).isEqualTo("everyday:typo-romaji");
                });
        Map<String, String> splitOfGroup = new HashMap<>();
        Map<String, Integer> perSplit = new HashMap<>();
        for (String f : List.of("train.jsonl", "dev.jsonl", "test.jsonl")) {
            for (Example e : Jsonl.read(with.resolve(f))) {
                if (e.source().equals("everyday")) {
                    String previous = splitOfGroup.putIfAbsent(e.group(), f);
                    assertThat(previous == null || previous.equals(f)).as(e.group()).isTrue();
                    perSplit.merge(f + " " + e.language(), 1, Integer::sum);
                }
            }
        }
        for (String lang : QueryTypes.LANGUAGES) {
            assertThat(perSplit.get("train.jsonl " + lang)).as(lang).isBetween(50, 62);
            assertThat(perSplit.get("test.jsonl " + lang)).as(lang).isBetween(9, 15);
        }
        assertThat(Files.readAllLines(with.resolve("train.jsonl"))).filteredOn(l -> l.contains("\"everyday\""))
                .allMatch(l -> l.contains("\"id\":") && l.contains("\"domain\":") && l.contains("\"register\":"));
        assertThat(Files.readString(with.resolve("stats.md"))).contains("## Everyday rows", "| ja | admin |");
    }

    @Test
    void aLaterEverydayFileNeverMovesTheGroupsOfTheFirstBatch(@TempDir Path before, @TempDir Path after,
                                                              @TempDir Path extra) throws IOException {
        Path everyday = everydayDir(extra);
        assertThat(run(withEveryday(everyday, before))).isZero();
        // a later writer's file: 60 groups of the same shapes (all in one stratum per type set if it were pooled)
        StringBuilder sb = new StringBuilder();
        for (int g = 1; g <= 60; g++) {
            sb.append(String.format(java.util.Locale.ROOT, "{\"id\":\"en-z-%04d\",\"query\":\"gadget %d specs\","
                    + "\"type\":\"keyword\",\"language\":\"en\",\"domain\":\"ecommerce\",\"register\":\"keywords\","
                    + "\"group\":\"en-z-g%04d\",\"written\":\"assistant\",\"license\":\"CC0-1.0\"}%n", g, g, g));
        }
        Files.writeString(everyday.resolve("en-z.jsonl"), sb.toString(), StandardCharsets.UTF_8);
        assertThat(run(withEveryday(everyday, after))).isZero();

        Map<String, String> splitBefore = splitOfGroups(before);
        Map<String, String> splitAfter = splitOfGroups(after);
        assertThat(splitBefore).isNotEmpty().allSatisfy((group, split) ->
                assertThat(splitAfter.get(group)).as(group).isEqualTo(split));
        Map<String, Long> newPerSplit = splitAfter.entrySet().stream().filter(e -> e.getKey().contains(":en-z-"))
                .collect(java.util.stream.Collectors.groupingBy(Map.Entry::getValue,
                        java.util.stream.Collectors.counting()));
        assertThat(newPerSplit).containsEntry("train.jsonl", 42L).containsEntry("dev.jsonl", 9L)
                .containsEntry("test.jsonl", 9L); // 70/15/15 of its own 60 groups
        assertThat(EverydayBatch.of("everyday:en-i-g0001")).isEqualTo("first");
        assertThat(EverydayBatch.of("everyday:en-z-g0001")).isEqualTo("en-z");
    }

    /** build-dataset's arguments for the test inputs with an everyday directory, seed 42. */
    private static String[] withEveryday(Path everyday, Path out) {
        return new String[] {"--jsquad", inputs.resolve("jsquad.json").toString(), "--scifact",
            inputs.resolve("scifact").toString(), "--handwritten", inputs.resolve("handwritten.tsv").toString(),
            "--seed", "42", "--everyday", everyday.toString(), "--out", out.toString()};
    }

    private static Map<String, String> splitOfGroups(Path out) throws IOException {
        Map<String, String> split = new HashMap<>();
        for (String f : List.of("train.jsonl", "dev.jsonl", "test.jsonl")) {
            for (Example e : Jsonl.read(out.resolve(f))) {
                split.put(e.group(), f);
            }
        }
        return split;
    }

    @Test
    void badArgumentsAreRejected() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--jsquad")).isEqualTo(2);
        assertThat(run("--bogus", "x")).isEqualTo(2);
        assertThat(run("--jsquad", "a", "--scifact", "b", "--out", "c", "--per-type", "0")).isEqualTo(2);
        assertThatThrownBy(() -> new CommandLine(new BuildDataset()).parseArgs("--jsquad", "a", "--scifact", "b",
            "--out", "c", "--seed", "x")).isInstanceOf(CommandLine.ParameterException.class);
        BuildDataset parsed = new BuildDataset();
        new CommandLine(parsed).parseArgs("--jsquad", "a", "--scifact", "b", "--out", "c");
        assertThat(parsed.options().handwritten()).isEqualTo(Path.of("c", "handwritten.tsv"));
        assertThat(parsed.options().seed()).isEqualTo(42L);
    }

    @Test
    void jsonEscaping() throws IOException {
        Example e = new Example("say \"hi\"\\ \t\n", "keyword", "en", "handwritten", "r", "g", "CC0-1.0");
        assertThat(Jsonl.toJson(e)).startsWith("{\"query\":\"say \\\"hi\\\"\\\\ \\t\\n\"");
        Path f = Files.createTempFile("row", ".jsonl");
        Jsonl.write(f, List.of(e));
        assertThat(Jsonl.read(f)).containsExactly(e);
        Files.delete(f);
    }
}
