package io.qtp.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qtp.cli.DatabaseOptions;
import io.qtp.cli.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export-clicks}: the clicks on search results (feedback with a {@code queryId} of a search and a
 * {@code clickedResultId}) as implicit relevance judgements, written as a BEIR directory (corpus.jsonl from the
 * {@code documents} table, queries.jsonl, qrels/test.tsv) that {@code fit-weights} and {@code fit-fusion} read as
 * they read SciFact. docs/FEEDBACK.md says what such judgements are worth and what biases them.
 *
 * <ul>
 *   <li>A query is a distinct search text (trimmed, compared case-insensitively) with at least one click; its id is
 *       {@code click-<n>} in order of its first click.</li>
 *   <li>The grade of a clicked document is 1, or 2 when it was clicked from rank {@value #DEEP_RANK} or below: a
 *       click that had to get past the results above it (position bias) is the stronger evidence. The highest grade
 *       of any click on the pair counts.</li>
 *   <li>Clicks on a document no longer in {@code documents} are left out (counted), so every judgement can be found.
 *   </li>
 * </ul>
 */
@Command(name = "export-clicks", description = {"Writes the clicks on search results as a BEIR directory"
        + " (corpus.jsonl, queries.jsonl, qrels/test.tsv) for fit-weights and fit-fusion (docs/FEEDBACK.md)."})
public final class ClickJudgements extends Tool {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the BEIR directory to write")
    Path outDir;

    @Mixin
    DatabaseOptions database;

    /** From this rank down, a click is graded 2 (see the class comment). */
    static final int DEEP_RANK = 3;
    static final String CLICKS = "SELECT l.query, f.clicked_result_id, f.clicked_rank FROM feedback f"
            + " JOIN query_logs l ON l.query_id = f.query_id"
            + " WHERE f.clicked_result_id IS NOT NULL AND l.strategy IS NOT NULL ORDER BY f.id";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was exported. */
    record Exported(int clicks, int queries, int judgements, int documents, int missingDocuments) {
        String summary() {
            return String.format(Locale.ROOT, "%d clicks on searches: %d queries, %d judgements (query, document);"
                    + " corpus %d documents; %d clicks on documents no longer stored left out",
                    clicks, queries, judgements, documents, missingDocuments);
        }
    }

    @Override
    public Integer call() throws SQLException, IOException {
        if (database.url() == null) {
            throw new IllegalArgumentException("export-clicks needs --db-url (or DATABASE_URL)");
        }
        Exported e = export(FeedbackData.Db.of(database.url(), database.user(), database.password()), outDir);
        out.println("export-clicks: " + e.summary());
        return 0;
    }

    static Exported export(FeedbackData.Db db, Path out) throws SQLException, IOException {
        Files.createDirectories(out.resolve("qrels"));
        try (Connection c = db.connect()) {
            c.setAutoCommit(false); // one snapshot for the three files, and a cursor for the corpus
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, String> ids = new LinkedHashMap<>(); // query key -> id
            Map<String, String> texts = new LinkedHashMap<>(); // id -> text
            Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
            int clicks = 0;
            int missing = 0;
            try (PreparedStatement ps = c.prepareStatement(CLICKS);
                    PreparedStatement exists = c.prepareStatement("SELECT 1 FROM documents WHERE id = ?");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    clicks++;
                    exists.setString(1, rs.getString(2));
                    try (ResultSet e = exists.executeQuery()) {
                        if (!e.next()) {
                            missing++;
                            continue;
                        }
                    }
                    String text = rs.getString(1).strip();
                    String id = ids.computeIfAbsent(FeedbackData.key(text), k -> "click-" + (ids.size() + 1));
                    texts.putIfAbsent(id, text);
                    int rank = rs.getInt(3);
                    int grade = !rs.wasNull() && rank >= DEEP_RANK ? 2 : 1;
                    qrels.computeIfAbsent(id, k -> new LinkedHashMap<>()).merge(rs.getString(2), grade, Math::max);
                }
            }
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> q : texts.entrySet()) {
                    ObjectNode n = JSON.createObjectNode().put("_id", q.getKey()).put("text", q.getValue());
                    w.write(JSON.writeValueAsString(n));
                    w.newLine();
                }
            }
            int judgements = 0;
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("qrels/test.tsv"), StandardCharsets.UTF_8)) {
                w.write("query-id\tcorpus-id\tscore\n");
                for (Map.Entry<String, Map<String, Integer>> q : qrels.entrySet()) {
                    for (Map.Entry<String, Integer> d : q.getValue().entrySet()) {
                        w.write(q.getKey() + "\t" + d.getKey() + "\t" + d.getValue() + "\n");
                        judgements++;
                    }
                }
            }
            int documents = 0;
            try (Statement st = c.createStatement();
                    BufferedWriter w = Files.newBufferedWriter(out.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
                st.setFetchSize(500);
                try (ResultSet rs = st.executeQuery("SELECT id, title, content FROM documents ORDER BY id")) {
                    while (rs.next()) {
                        ObjectNode n = JSON.createObjectNode().put("_id", rs.getString(1)).put("title", rs.getString(2))
                                .put("text", rs.getString(3));
                        w.write(JSON.writeValueAsString(n));
                        w.newLine();
                        documents++;
                    }
                }
            }
            c.commit();
            return new Exported(clicks, texts.size(), judgements, documents, missing);
        }
    }
}
