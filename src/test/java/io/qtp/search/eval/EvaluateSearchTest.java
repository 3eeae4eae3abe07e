package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.qtp.classify.QueryType;
import io.qtp.search.AdaptivePolicy;

/**
 * {@code ingest} + {@code evaluate-search} + {@code fit-weights} end to end on a tiny BEIR directory, in a schema
 * of their own on the shared PostgreSQL (dropped afterwards), with the real in-process embedding model.
 */
class EvaluateSearchTest {

    static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");
    /** The embedding settings the tools would use here (the in-process MiniLM unless EMBEDDINGS_* say otherwise). */
    static final io.qtp.search.embedding.EmbeddingProviders.Settings EMBEDDING =
            SearchTools.embeddingSettings(io.qtp.cli.ToolSettings.system());

    @Test
    void ingestsOnceEvaluatesEveryStrategyAndFitsWeights(@TempDir Path dir) throws Exception {
        Path beir = dir.resolve("tiny");
        Files.createDirectories(beir.resolve("qrels"));
        Files.writeString(beir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Aspirin and platelets", "text": "Aspirin inhibits platelet aggregation by blocking cyclooxygenase."}
                {"_id": "d2", "title": "Sleep", "text": "Deep sleep consolidates memory in the hippocampus."}
                {"_id": "d3", "title": "Statins", "text": "Statins lower LDL cholesterol and cardiovascular risk."}
                {"_id": "d4", "title": "Vitamin D", "text": "Vitamin D deficiency is associated with bone fractures in elderly people."}
                """);
        Files.writeString(beir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "Aspirin reduces platelet aggregation."}
                {"_id": "q2", "text": "Does sleeping help you remember things?"}
                {"_id": "q3", "text": "Statins lower cholesterol."}
                """);
        Files.writeString(beir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n");
        String schema = "qtp_search_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        CliDatabase db = new CliDatabase(URL, "qtp", "qtp", schema);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            RunCache cache = RunCache.at(dir.resolve("cache").toString());
            List<SearchEvaluation.Run> runs = SearchEvaluation.prepare(beir, "test", true, null, Integer.MAX_VALUE, db,
                    EMBEDDING, cache, out).runs();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("loading 4 documents").contains("ingest: 4/4 docs")
                    .contains("runs cached in");
            // each original with its keyword and hybrid variants
            assertThat(runs).extracting(SearchEvaluation.Run::variant).contains("original", "keyword", "hybrid");
            assertThat(runs.stream().filter(r -> r.variant().equals("original")).count()).isEqualTo(3);
            SearchEvaluation.Run q1 = runs.get(0);
            assertThat(q1.text()).isEqualTo("Aspirin reduces platelet aggregation.");
            assertThat(q1.group()).as("a BEIR query without an article is its own group").isEqualTo("q1");
            assertThat(q1.signals()).hasSize(io.qtp.search.fusion.Signal.COUNT);
            // the words and the meaning both find d1 first: nDCG@10 = 1 for the pure strategies
            assertThat(q1.ndcg(io.qtp.search.StrategyChoice.of(io.qtp.search.Strategy.KEYWORD))).isEqualTo(1.0);
            assertThat(q1.ndcg(io.qtp.search.StrategyChoice.of(io.qtp.search.Strategy.VECTOR))).isEqualTo(1.0);

            EvaluationReport.report(runs, null, null, 3, 42, false, out);
            String report = bytes.toString(StandardCharsets.UTF_8);
            for (io.qtp.search.StrategyChoice g : SearchEvaluation.GRID) {
                assertThat(report).as("every grid point is a fixed row").contains("| " + g + " ");
            }
            for (String row : List.of("| adaptive, SPEC defaults", "| adaptive, k-fold cross-fitted",
                    "| " + EvaluationReport.LEARNED, "| " + EvaluationReport.LEARNED_NO_SIGNALS, "| " + EvaluationReport.ORACLE)) {
                assertThat(report).contains(row);
            }
            assertThat(report).contains("mixed (").contains("best fixed").contains("of the gap");

            AdaptivePolicy fitted = SearchEvaluation.fitPolicy(runs);
            for (QueryType t : QueryType.values()) {
                assertThat(fitted.choose(t)).isNotNull();
            }
            // the same split again: read from the run cache, no database work
            bytes.reset();
            List<SearchEvaluation.Run> again = SearchEvaluation.prepare(beir, "test", true, null, Integer.MAX_VALUE, db,
                    EMBEDDING, cache, out).runs();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("read from the run cache").doesNotContain("ingest:");
            assertThat(again).hasSameSizeAs(runs);
            assertThat(again.get(0).signals()).containsExactly(runs.get(0).signals());
            assertThat(again.get(0).candidates().keyword()).isEqualTo(runs.get(0).candidates().keyword());
            // without the cache: the corpus is found loaded (same checksum) and not ingested again
            bytes.reset();
            SearchEvaluation.prepare(beir, "test", false, null, 1, db, EMBEDDING, RunCache.at("none"), out);
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("reusing the corpus").doesNotContain("ingest:");
            // another corpus under the same directory name is loaded again, never silently reused
            Files.writeString(beir.resolve("corpus.jsonl"), Files.readString(beir.resolve("corpus.jsonl"))
                    .replace("bone fractures", "hip fractures"));
            bytes.reset();
            SearchEvaluation.prepare(beir, "test", false, null, 1, db, EMBEDDING, RunCache.at("none"), out);
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("it holds another corpus").contains("ingest: 4/4");
        } finally {
            try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
