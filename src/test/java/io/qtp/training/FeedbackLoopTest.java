package io.qtp.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.qtp.cli.ToolRun;
import io.qtp.analysis.Analyzers;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.trained.TrainedClassifier;
import io.qtp.search.eval.Beir;
import io.qtp.support.PrivateSchemaProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The loop of issue 17, round once on a small corpus, against the running service and a PostgreSQL schema of its own:
 * predictions, searches, clicks and a correction go in through the HTTP API (by queryId); out come a model retrained
 * by {@code train --from-db} that answers the corrected type for the corrected query (the same data and seed without
 * the feedback answer otherwise), and the clicks as graded judgements ({@code export-clicks}) in the BEIR form that
 * {@code fit-weights} and {@code fit-fusion} read ({@code fit-weights} is run on them).
 */
@QuarkusTest
@TestProfile(FeedbackLoopTest.Profile.class)
class FeedbackLoopTest {

    /** A schema of this test's own: train --from-db and export-clicks read only this test's feedback. */
    public static class Profile extends PrivateSchemaProfile {
    }

    /** Queries a model may well be unsure about; the test corrects the one the baseline is least sure of. */
    static final List<String> CANDIDATES = List.of(
            "machine learning algorithm comparison for image recognition",
            "best way to learn postgres indexing",
            "python list comprehension vs map performance",
            "docker compose volumes not persisting after restart",
            "vector search postgres tutorial",
            "redis failover how",
            "ニューラルネットワーク 学習方法 最適化",
            "東京 天気 明日 どう");

    static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    static Path train(Path data, Path out, boolean fromDb) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out", out.toString(), "--seed", "7",
                "--candidates", "linear"));
        if (fromDb) {
            args.addAll(List.of("--from-db", "--db-url", PrivateSchemaProfile.url(Profile.class), "--db-user", "qtp",
                    "--db-password", "qtp"));
        }
        ToolRun run = ToolRun.run(new Train(), name -> null, args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return out.resolve("current");
    }

    static Prediction classify(TrainedClassifier model, String query) {
        return model.classify(Analyzers.analyze(query));
    }

    @Test
    void correctionsRetrainTheModelAndClicksBecomeJudgements() throws Exception {
        io.qtp.support.Ready.awaitModel();
        Path tmp = Files.createTempDirectory("qtp-loop");
        Path data = SmallData.writeTo(tmp.resolve("data"));

        // the baseline: the same data and seed, no feedback
        TrainedClassifier before = ModelBundle.load(train(data, tmp.resolve("before"), false)).classifier();
        String query = CANDIDATES.stream().min(Comparator.comparingDouble(q -> classify(before, q).confidence())).orElseThrow();
        Prediction baseline = classify(before, query);
        QueryType corrected = java.util.Arrays.stream(QueryType.values()).filter(t -> t != baseline.type())
                .max(Comparator.comparingDouble(baseline::probability)).orElseThrow();

        // in through the API: a prediction and its correction by queryId
        Response predicted = post("/api/predict-query-type", Map.of("query", query));
        String predictionId = predicted.then().statusCode(200).extract().jsonPath().getString("queryId");
        post("/api/feedback", Map.of("queryId", predictionId, "correctType", corrected.label())).then().statusCode(202);

        // ... and searches with clicks: the first result of one search, the third of another
        post("/api/documents", List.of(
                Map.of("id", "loop-redis", "title", "Redis failover", "content", "Redis Sentinel promotes a replica when the primary fails."),
                Map.of("id", "loop-pg", "title", "Postgres indexing", "content", "B-tree, GIN and HNSW indexes in PostgreSQL."),
                Map.of("id", "loop-docker", "title", "Docker volumes", "content", "Named volumes keep data across container restarts."),
                Map.of("id", "loop-pasta", "title", "Pasta", "content", "Cook the spaghetti until al dente.")))
                .then().statusCode(200);
        Map<String, List<String>> shown = new LinkedHashMap<>();
        Map<String, String> searchIds = new LinkedHashMap<>();
        for (String q : List.of("redis failover replica", "postgres indexes for vectors")) {
            Response s = post("/api/search", Map.of("query", q, "limit", 4, "strategy", "vector"));
            assertThat(s.statusCode()).as(s.asString()).isEqualTo(200);
            shown.put(q, s.jsonPath().getList("results.id", String.class));
            searchIds.put(q, s.jsonPath().getString("queryId"));
            assertThat(shown.get(q)).hasSize(4);
        }
        String first = shown.get("redis failover replica").get(0);
        String third = shown.get("postgres indexes for vectors").get(2);
        post("/api/feedback", Map.of("queryId", searchIds.get("redis failover replica"), "clickedResultId", first))
                .then().statusCode(202);
        post("/api/feedback", Map.of("queryId", searchIds.get("postgres indexes for vectors"), "clickedResultId", third))
                .then().statusCode(202);

        // out: a retrained model that answers the correction
        TrainedClassifier after = ModelBundle.load(train(data, tmp.resolve("after"), true)).classifier();
        assertThat(baseline.type()).isNotEqualTo(corrected);
        assertThat(classify(after, query).type()).as("retrained on the correction of '%s'", query).isEqualTo(corrected);

        // out: the clicks as judgements for fit-weights / fit-fusion (graded by rank: position bias)
        Path clicks = tmp.resolve("clicks");
        ToolRun exported = ToolRun.run(new ClickJudgements(), name -> null, "--out", clicks.toString(), "--db-url",
                PrivateSchemaProfile.url(Profile.class), "--db-user", "qtp", "--db-password", "qtp");
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("2 clicks on searches: 2 queries, 2 judgements");
        Map<String, String> queries = Beir.queries(clicks);
        Map<String, Map<String, Integer>> qrels = Beir.qrels(clicks, "test");
        assertThat(queries).containsValues("redis failover replica", "postgres indexes for vectors");
        String redisId = queries.entrySet().stream().filter(e -> e.getValue().equals("redis failover replica"))
                .findFirst().orElseThrow().getKey();
        String pgId = queries.entrySet().stream().filter(e -> e.getValue().equals("postgres indexes for vectors"))
                .findFirst().orElseThrow().getKey();
        assertThat(qrels.get(redisId)).containsExactly(Map.entry(first, 1));
        assertThat(qrels.get(pgId)).containsExactly(Map.entry(third, 2));
        List<String> corpus = new ArrayList<>();
        Beir.corpus(clicks, d -> corpus.add(d.id()));
        assertThat(corpus).containsExactlyInAnyOrder("loop-redis", "loop-pg", "loop-docker", "loop-pasta");

        // ... which fit-weights reads as it reads SciFact: it searches them in a schema of its own and writes a policy
        String fitSchema = PrivateSchemaProfile.schema(Profile.class) + "_fit";
        Path weights = tmp.resolve("weights.json");
        try {
            ToolRun fit = ToolRun.run(new io.qtp.search.eval.SearchEvaluation.FitWeights(), "--data",
                    clicks.toString(), "--variants", "false", "--cache", "none", "--out", weights.toString(),
                    "--db-url", PrivateSchemaProfile.URL, "--schema", fitSchema);
            assertThat(fit.exit()).as(fit.err()).isZero();
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(PrivateSchemaProfile.URL, "qtp", "qtp");
                    java.sql.Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + fitSchema + " CASCADE");
            }
        }
        io.qtp.search.AdaptivePolicy policy = io.qtp.search.AdaptivePolicy.read(weights);
        for (QueryType t : QueryType.values()) {
            assertThat(policy.choose(t)).isNotNull();
        }
    }
}
