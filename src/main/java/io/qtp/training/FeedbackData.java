package io.qtp.training;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.qtp.classify.QueryType;
import io.qtp.cli.DatabaseOptions;

/**
 * {@code train --from-db}: labelled queries from the {@code feedback} table (docs/FEEDBACK.md), merged into the
 * training split of the shipped data.
 *
 * <ul>
 *   <li>A feedback row's label is its {@code correct_type} when present, else its {@code predicted_type} (a row
 *       with only a click confirms the prediction).
 *   <li>Per query (after trimming, compared case-insensitively): a corrected row wins over prediction-only rows;
 *       among rows of the same kind the latest wins.
 *   <li>A query that is in the dev or test split is left out (the held-out splits never see feedback; counted).
 *   <li>A query already in the training split: a correction replaces the shipped row's label; a prediction-only
 *       row leaves the shipped label alone.
 *   <li>Rows are added with source {@code feedback}; the training-data checksum covers them too.
 * </ul>
 */
final class FeedbackData {

    static final String SOURCE = "feedback";
    static final String SELECT = "SELECT id, query, predicted_type, correct_type FROM feedback ORDER BY id";

    /** Where the feedback is: a JDBC URL and optional credentials. */
    record Db(String url, String user, String password) {

        /** {@code jdbc:postgresql://...} as is; {@code postgres://user:pass@host/db} translated, as the service does. */
        static Db of(String url, String user, String password) {
            DatabaseOptions.Jdbc jdbc = DatabaseOptions.Jdbc.of(url, user, password);
            return new Db(jdbc.url(), jdbc.user(), jdbc.password());
        }

        /** A connection with a 10 s connect timeout; the caller closes it. */
        Connection connect() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            p.setProperty("connectTimeout", "10");
            return DriverManager.getConnection(url, p);
        }
    }

    /** The merged splits and what the merge did. */
    record Merged(DataFiles.Splits splits, int feedbackRows, int queries, int added, int relabelled, int keptShipped,
                  int heldOut, String checksum) {

        String summary() {
            return String.format(Locale.ROOT, "%d feedback rows, %d distinct queries: %d added to train, %d shipped train"
                    + " labels corrected, %d left as shipped (prediction only), %d left out (in dev/test)",
                    feedbackRows, queries, added, relabelled, keptShipped, heldOut);
        }
    }

    /** One feedback row as stored. */
    record Row(long id, String query, QueryType predicted, QueryType correct) {
        QueryType label() {
            return correct != null ? correct : predicted;
        }
    }

    private FeedbackData() {
    }

    static List<Row> read(Db db) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(SELECT);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String correct = rs.getString("correct_type");
                rows.add(new Row(rs.getLong("id"), rs.getString("query"), QueryType.fromLabel(rs.getString("predicted_type")),
                        correct == null ? null : QueryType.fromLabel(correct)));
            }
        }
        return rows;
    }

    /** One label per query (see the class comment), in order of first appearance. */
    static Map<String, Row> perQuery(List<Row> rows) {
        Map<String, Row> best = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.query() == null || r.query().isBlank()) {
                continue;
            }
            String key = key(r.query());
            Row old = best.get(key);
            boolean wins = old == null
                    || (r.correct() != null && old.correct() == null)
                    || ((r.correct() != null) == (old.correct() != null) && r.id() > old.id());
            if (wins) {
                best.put(key, r);
            }
        }
        return best;
    }

    static Merged merge(DataFiles.Splits shipped, List<Row> rows) throws java.io.IOException {
        Map<String, Row> labels = perQuery(rows);
        Set<String> heldOutQueries = new HashSet<>();
        shipped.dev().forEach(q -> heldOutQueries.add(key(q.query())));
        shipped.test().forEach(q -> heldOutQueries.add(key(q.query())));
        Map<String, Row> remaining = new LinkedHashMap<>(labels);
        int heldOut = 0;
        for (String k : labels.keySet()) {
            if (heldOutQueries.contains(k)) {
                remaining.remove(k);
                heldOut++;
            }
        }
        List<LabelledQuery> train = new ArrayList<>(shipped.train().size() + remaining.size());
        Map<String, Boolean> seen = new HashMap<>();
        int relabelled = 0;
        int keptShipped = 0;
        for (LabelledQuery q : shipped.train()) {
            String k = key(q.query());
            Row fb = remaining.get(k);
            if (fb != null) {
                if (!seen.containsKey(k)) {
                    seen.put(k, fb.correct() != null && fb.correct() != q.type());
                }
                if (fb.correct() != null) {
                    if (fb.correct() != q.type()) {
                        relabelled++;
                    }
                    q = new LabelledQuery(q.query(), fb.correct(), q.language(), SOURCE, q.group(), q.license(), q.domain());
                } else {
                    keptShipped++;
                }
            }
            train.add(q);
        }
        int added = 0;
        MessageDigest md = DataFiles.sha256();
        md.update(shipped.checksum().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, Row> e : remaining.entrySet()) {
            Row r = e.getValue();
            md.update(("\n" + r.query().strip() + "\t" + r.label().label()).getBytes(StandardCharsets.UTF_8));
            if (!seen.containsKey(e.getKey())) {
                train.add(new LabelledQuery(r.query().strip(), r.label(), null, SOURCE, null));
                added++;
            }
        }
        DataFiles.Splits merged = new DataFiles.Splits(train, shipped.dev(), shipped.test(), shipped.files(),
                shipped.description() + " + " + (added + relabelled) + " feedback rows from the database (train only)");
        return new Merged(merged, rows.size(), labels.size(), added, relabelled, keptShipped, heldOut,
                HexFormat.of().formatHex(md.digest()));
    }

    static String key(String query) {
        return query.strip().toLowerCase(Locale.ROOT);
    }
}
