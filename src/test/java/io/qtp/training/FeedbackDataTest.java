package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.qtp.cli.ToolRun;
import io.qtp.classify.QueryType;
import io.qtp.classify.trained.ModelBundle;

/** {@code train --from-db}: which label a query gets, the merge into train only, and a run against PostgreSQL. */
class FeedbackDataTest {

    static final QueryType K = QueryType.KEYWORD;
    static final QueryType S = QueryType.SEMANTIC;
    static final QueryType H = QueryType.HYBRID;

    @TempDir
    Path tmp;

    static LabelledQuery lq(String q, QueryType t) {
        return new LabelledQuery(q, t, "en", "shipped", null);
    }

    @Test
    void aCorrectionWinsOverPredictionsAndTheLatestOfAKindWins() {
        Map<String, FeedbackData.Row> m = FeedbackData.perQuery(List.of(
                new FeedbackData.Row(1, "alpha", K, S),
                new FeedbackData.Row(2, "Alpha ", K, null),   // later, but only a prediction: the correction stays
                new FeedbackData.Row(3, "beta", K, null),
                new FeedbackData.Row(4, "beta", H, null),     // latest prediction-only row
                new FeedbackData.Row(5, "gamma", K, H),
                new FeedbackData.Row(6, "gamma", K, S)));     // latest correction
        assertThat(m.get("alpha").label()).isEqualTo(S);
        assertThat(m.get("beta").label()).isEqualTo(H);
        assertThat(m.get("gamma").label()).isEqualTo(S);
    }

    @Test
    void feedbackGoesIntoTrainOnly() throws Exception {
        Path f = Files.writeString(tmp.resolve("x.jsonl"), "");
        DataFiles.Splits shipped = new DataFiles.Splits(
                List.of(lq("shipped one", K), lq("shipped two", K)),
                List.of(lq("dev query", S)), List.of(lq("test query", H)), List.of(f), "shipped");
        FeedbackData.Merged m = FeedbackData.merge(shipped, List.of(
                new FeedbackData.Row(1, "new query", K, S),
                new FeedbackData.Row(2, "shipped one", K, H),      // corrects the shipped label
                new FeedbackData.Row(3, "shipped two", S, null),   // a prediction does not override the shipped label
                new FeedbackData.Row(4, "TEST query", K, K),       // held out: never in train
                new FeedbackData.Row(5, "dev query", K, K),
                new FeedbackData.Row(6, "clicked only", H, null)));
        assertThat(m.splits().train()).extracting(LabelledQuery::query, LabelledQuery::type, LabelledQuery::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shipped one", H, "feedback"),
                        org.assertj.core.groups.Tuple.tuple("shipped two", K, "shipped"),
                        org.assertj.core.groups.Tuple.tuple("new query", S, "feedback"),
                        org.assertj.core.groups.Tuple.tuple("clicked only", H, "feedback"));
        assertThat(m.splits().dev()).isEqualTo(shipped.dev());
        assertThat(m.splits().test()).isEqualTo(shipped.test());
        assertThat(m.heldOut()).isEqualTo(2);
        assertThat(m.added()).isEqualTo(2);
        assertThat(m.relabelled()).isEqualTo(1);
        assertThat(m.checksum()).isNotEqualTo(shipped.checksum()).hasSize(64);
        assertThat(m.splits().description()).contains("feedback rows from the database");
    }

    @Test
    void postgresUrlsAreTranslated() {
        FeedbackData.Db db = FeedbackData.Db.of("postgres://u:p%40ss@db.example:5433/qtp?sslmode=disable", null, null);
        assertThat(db).isEqualTo(new FeedbackData.Db("jdbc:postgresql://db.example:5433/qtp?sslmode=disable", "u", "p@ss"));
        assertThat(FeedbackData.Db.of("jdbc:postgresql://h/db", "x", null).user()).isEqualTo("x");
    }

    @Test
    void fromDbWithoutAUrlIsAUsageError() {
        ToolRun run = ToolRun.run(new Train(), name -> null, "--data", "x", "--out", "y", "--from-db");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("train: --from-db needs --db-url or DATABASE_URL").contains("usage: train");
    }

    /**
     * Against the shared PostgreSQL (qtp_test, role qtp; scripts/services/postgres.sh), in a schema of its own so
     * that other tests' feedback rows do not count: fails, not skips, when the server is missing.
     */
    @Test
    void trainsFromStoredFeedback() throws Exception {
        String base = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");
        String schema = "train_from_db_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base, "qtp", "qtp"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            try {
                s.execute("SET search_path TO " + schema);
                s.execute(Files.readString(Path.of("src/main/resources/db/migration/V1__query_logs_and_feedback.sql")));
                s.execute("INSERT INTO feedback (query, predicted_type, correct_type, clicked_result_id) VALUES"
                        + " ('how does a vector index find similar documents', 'keyword', 'semantic', null),"
                        + " ('how does a vector index find similar documents', 'hybrid', null, 'doc-1'),"
                        + " ('ERR_CONNECTION_REFUSED nginx 502', 'semantic', 'keyword', null),"
                        + " ('postgres 全文検索 設定方法', 'keyword', null, 'doc-2')");

                Path data = SmallData.writeTo(tmp.resolve("data"));
                ToolRun run = ToolRun.run(new Train(), name -> null, "--data", data.toString(), "--out",
                        tmp.resolve("out").toString(), "--seed", "7", "--candidates", "linear", "--from-db", "--db-url",
                        base + "?currentSchema=" + schema, "--db-user", "qtp", "--db-password", "qtp");
                String errText = run.err();
                assertThat(run.exit()).as(errText).isZero();
                assertThat(errText).contains("4 feedback rows, 3 distinct queries: 3 added to train");
                DataFiles.Splits shipped = DataFiles.load(data, 7);
                assertThat(run.out())
                        .contains("train " + (Licenses.commercial(shipped.train()).size() + 3) + ", dev "
                                + Licenses.commercial(shipped.dev()).size())
                        .contains("feedback rows from the database");
                ModelBundle bundle = ModelBundle.load(tmp.resolve("out/current"));
                assertThat(bundle.metadata().trainingDataChecksum()).isNotEqualTo(shipped.checksum());
            } finally {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
