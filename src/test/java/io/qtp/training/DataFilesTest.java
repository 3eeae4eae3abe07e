package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.qtp.classify.QueryType;

class DataFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsJsonlAndCsvAlike() throws IOException {
        Path jsonl = dir.resolve("a.jsonl");
        Files.writeString(jsonl, """
                {"query":"東京 天気","type":"keyword","language":"ja","source":"handwritten","group":"g1"}

                {"query":"how to bake bread","label":"HYBRID"}
                """, StandardCharsets.UTF_8);
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "query,type,language,source,group\n東京 天気,keyword,ja,handwritten,g1\n"
                + "\"how to bake bread\",HYBRID,,,\n", StandardCharsets.UTF_8);
        List<LabelledQuery> fromJson = DataFiles.read(jsonl);
        List<LabelledQuery> fromCsv = DataFiles.read(csv);
        assertThat(fromJson).containsExactly(
                new LabelledQuery("東京 天気", QueryType.KEYWORD, "ja", "handwritten", "g1"),
                new LabelledQuery("how to bake bread", QueryType.HYBRID, null, null, null));
        assertThat(fromCsv).isEqualTo(fromJson);
    }

    @Test
    void badRowsNameTheFileAndLine() throws IOException {
        Path jsonl = dir.resolve("bad.jsonl");
        Files.writeString(jsonl, "{\"query\":\"x\",\"type\":\"keyword\"}\n{\"query\":\"y\",\"type\":\"question\"}\n");
        assertThatThrownBy(() -> DataFiles.read(jsonl)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.jsonl:2: unknown type 'question'");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "text,kind\nx,keyword\n");
        assertThatThrownBy(() -> DataFiles.read(csv)).hasMessageContaining("must name the columns query and type");
        assertThatThrownBy(() -> DataFiles.read(dir.resolve("x.parquet"))).hasMessageContaining("unsupported data file");
    }

    @Test
    void aSingleFileIsSplitStratifiedSeededAndGroupAware() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String lang = i % 2 == 0 ? "ja" : "en";
            for (QueryType t : QueryType.values()) {
                lines.add("{\"query\":\"q" + i + t + "\",\"type\":\"" + t.label() + "\",\"language\":\"" + lang
                        + "\",\"group\":\"g" + i + "\"}");
            }
        }
        Path file = dir.resolve("all.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        DataFiles.Splits a = DataFiles.load(file, 42);
        DataFiles.Splits b = DataFiles.load(file, 42);
        DataFiles.Splits c = DataFiles.load(file, 43);
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(a.test()).isEqualTo(b.test());
        assertThat(a.train()).isNotEqualTo(c.train());
        assertThat(a.train()).hasSize(630);
        assertThat(a.dev()).hasSize(138); // per language: 150 groups -> 105 / 23 / 22 (rounded cuts at 70 % and 85 %)
        assertThat(a.test()).hasSize(132);

        // every group is in one split only
        Map<String, Set<String>> splitsOfGroup = new HashMap<>();
        record Part(String name, List<LabelledQuery> rows) {
        }
        for (Part p : List.of(new Part("train", a.train()), new Part("dev", a.dev()), new Part("test", a.test()))) {
            for (LabelledQuery q : p.rows()) {
                splitsOfGroup.computeIfAbsent(q.group(), k -> new HashSet<>()).add(p.name());
            }
        }
        assertThat(splitsOfGroup.values()).allMatch(s -> s.size() == 1);
        // stratified: each language keeps its share
        assertThat(a.test().stream().filter(q -> "ja".equals(q.language())).count()).isEqualTo(
                a.test().stream().filter(q -> "en".equals(q.language())).count());
        assertThat(a.files()).containsExactly(file);
        assertThat(a.checksum()).isEqualTo(io.qtp.classify.trained.ModelBundle.sha256(file));
    }

    @Test
    void aDirectoryNeedsTheThreeSplits() {
        assertThatThrownBy(() -> DataFiles.load(dir, 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("has no train.jsonl");
    }
}
