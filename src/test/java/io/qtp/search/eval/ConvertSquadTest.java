package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQuAD (JSQuAD) to BEIR: contexts are documents, questions queries, the context its question's one relevant document. */
class ConvertSquadTest {

    @Test
    void contextsBecomeDocumentsAndQuestionsQueries(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("squad.json");
        Files.writeString(in, """
                {"version": "v1.3", "data": [
                  {"title": "梅雨", "paragraphs": [
                    {"context": "梅雨 [SEP] 梅雨は東アジアの気象現象である。", "qas": [
                      {"id": "q1", "question": "梅雨はどこで見られるか。", "answers": [{"text": "東アジア", "answer_start": 3}]},
                      {"id": "q2", "question": "梅雨とは何か。", "answers": []}]},
                    {"context": "梅雨 [SEP] 北海道には梅雨がない。", "qas": [
                      {"id": "q3", "question": "梅雨がないのはどこか。", "answers": []}]}]},
                  {"title": "富士山", "paragraphs": [
                    {"context": "富士山 [SEP] 富士山は日本一高い山である。", "qas": [
                      {"id": "q4", "question": "日本一高い山は。", "answers": []}]}]}]}
                """);
        Path out = dir.resolve("beir");
        ConvertSquad.Stats s = ConvertSquad.convert(in, out);
        assertThat(s).isEqualTo(new ConvertSquad.Stats(2, 3, 4));

        java.util.List<Beir.Doc> docs = new java.util.ArrayList<>();
        Beir.corpus(out, docs::add);
        assertThat(docs).containsExactly(new Beir.Doc("a0-p0", "梅雨", "梅雨は東アジアの気象現象である。"),
                new Beir.Doc("a0-p1", "梅雨", "北海道には梅雨がない。"),
                new Beir.Doc("a1-p0", "富士山", "富士山は日本一高い山である。"));
        assertThat(Beir.queries(out)).containsEntry("q1", "梅雨はどこで見られるか。").containsEntry("q4", "日本一高い山は。")
                .hasSize(4);
        Map<String, Map<String, Integer>> all = Beir.qrels(out, "test");
        assertThat(all).containsEntry("q1", Map.of("a0-p0", 1)).containsEntry("q3", Map.of("a0-p1", 1)).hasSize(4);
        // fit on the articles at even positions, report on the odd ones
        assertThat(Beir.qrels(out, "fit")).containsOnlyKeys("q1", "q2", "q3");
        assertThat(Beir.qrels(out, "report")).containsOnlyKeys("q4");
    }
}
