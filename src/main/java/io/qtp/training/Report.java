package io.qtp.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.qtp.classify.QueryType;

/**
 * Markdown tables of the {@code train} and {@code evaluate} commands: one line per classifier with accuracy,
 * macro-F1, per-class F1, per-language figures, inference time and model size; per-language F1 per class; the
 * confusion matrices (overall and per language); the chosen model per source; its keyword/semantic confusions.
 */
public final class Report {

    private static final QueryType[] TYPES = QueryType.values();

    private Report() {
    }

    /**
     * One classifier's line.
     *
     * @param name       candidate name ({@code linear}, {@code rules (baseline)} ...)
     * @param algorithm  what it is
     * @param devMacroF1 macro-F1 on the selection split, or {@code null} (evaluate, or not measured)
     * @param devModelMicros mean classification time on the selection split, or {@code null}
     * @param selection  what the selection made of it ({@code chosen}, {@code eligible} ...), or {@code null}
     * @param result     results on the evaluated split
     * @param timing     inference time
     * @param modelBytes size of the serialised model, or {@code null} for the rules
     * @param trainSeconds training time, or {@code null}
     */
    public record Line(String name, String algorithm, Double devMacroF1, Double devModelMicros, String selection,
                       Evaluation.Result result,
                       Evaluation.Timing timing, Long modelBytes, Double trainSeconds) {
    }

    /** The candidate table and the per-language per-class F1 table. */
    public static String candidateTables(List<Line> lines, List<String> languages) {
        StringBuilder sb = new StringBuilder();
        boolean dev = lines.stream().anyMatch(l -> l.devMacroF1() != null);
        List<String> head = new ArrayList<>(List.of("candidate", "algorithm"));
        if (dev) {
            head.addAll(List.of("selection", "dev macro-F1", "dev model µs"));
        }
        head.addAll(List.of("accuracy", "macro-F1", "F1 keyword", "F1 semantic", "F1 hybrid"));
        for (String lang : languages) {
            head.add(lang + " accuracy");
            head.add(lang + " macro-F1");
        }
        head.addAll(List.of("mean µs/query", "p99 µs/query", "model µs/query", "model file"));
        boolean training = lines.stream().anyMatch(l -> l.trainSeconds() != null);
        if (training) {
            head.add("training");
        }
        row(sb, head);
        separator(sb, head.size(), 2);
        for (Line l : lines) {
            Metrics m = l.result().overall();
            List<String> cells = new ArrayList<>(List.of(l.name(), l.algorithm()));
            if (dev) {
                cells.add(l.selection() == null ? "–" : l.selection());
                cells.add(l.devMacroF1() == null ? "–" : f4(l.devMacroF1()));
                cells.add(l.devModelMicros() == null ? "–" : f1(l.devModelMicros()));
            }
            cells.addAll(List.of(f4(m.accuracy()), f4(m.macroF1()), f4(m.f1(QueryType.KEYWORD)),
                    f4(m.f1(QueryType.SEMANTIC)), f4(m.f1(QueryType.HYBRID))));
            for (String lang : languages) {
                Metrics lm = l.result().perLanguage().get(lang);
                cells.add(lm == null ? "–" : f4(lm.accuracy()));
                cells.add(lm == null ? "–" : f4(lm.macroF1()));
            }
            cells.add(f1(l.timing().meanMicros()));
            cells.add(f1(l.timing().p99Micros()));
            cells.add(f1(l.timing().modelMeanMicros()));
            cells.add(l.modelBytes() == null ? "–" : size(l.modelBytes()));
            if (training) {
                cells.add(l.trainSeconds() == null ? "–" : String.format(Locale.ROOT, "%.1f s", l.trainSeconds()));
            }
            row(sb, cells);
        }
        sb.append('\n');

        List<String> perClass = new ArrayList<>(List.of("candidate", "language", "rows"));
        for (QueryType t : TYPES) {
            perClass.add("F1 " + t.label());
        }
        row(sb, perClass);
        separator(sb, perClass.size(), 2);
        for (Line l : lines) {
            for (Map.Entry<String, Metrics> e : l.result().perLanguage().entrySet()) {
                List<String> cells = new ArrayList<>(List.of(l.name(), e.getKey(), Integer.toString(e.getValue().rows())));
                for (QueryType t : TYPES) {
                    cells.add(f4(e.getValue().f1(t)));
                }
                row(sb, cells);
            }
        }
        return sb.toString();
    }

    /** Confusion matrices of each line: overall and per language side by side (rows: true, columns: predicted). */
    public static String confusionMatrices(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append("**").append(l.name()).append("** (rows: true type, columns: predicted)\n\n");
            List<String> head = new ArrayList<>();
            List<Map.Entry<String, Metrics>> blocks = new ArrayList<>();
            blocks.add(Map.entry("all", l.result().overall()));
            blocks.addAll(l.result().perLanguage().entrySet());
            for (Map.Entry<String, Metrics> b : blocks) {
                head.add(b.getKey());
                for (QueryType t : TYPES) {
                    head.add(t.label());
                }
            }
            row(sb, head);
            separator(sb, head.size(), 0);
            for (QueryType truth : TYPES) {
                List<String> cells = new ArrayList<>();
                for (Map.Entry<String, Metrics> b : blocks) {
                    cells.add(truth.label());
                    for (QueryType p : TYPES) {
                        cells.add(Long.toString(b.getValue().confusion()[truth.ordinal()][p.ordinal()]));
                    }
                }
                row(sb, cells);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Metrics of one classifier per source of the rows. */
    public static String perSource(Evaluation.Result result) {
        StringBuilder sb = new StringBuilder();
        List<String> head = List.of("source", "rows", "accuracy", "macro-F1");
        row(sb, head);
        separator(sb, head.size(), 1);
        for (Map.Entry<String, Metrics> e : result.perSource().entrySet()) {
            Metrics m = e.getValue();
            row(sb, List.of(e.getKey(), Integer.toString(m.rows()), f4(m.accuracy()), f4(m.macroF1())));
        }
        return sb.toString();
    }

    /** Per language and domain: rows, accuracy and macro-F1 of a model and of the rules on the same rows. */
    public static String perDomain(Evaluation.Result model, Evaluation.Result rules) {
        StringBuilder sb = new StringBuilder();
        List<String> head = List.of("language", "domain", "rows", "accuracy", "macro-F1", "rules accuracy",
                "rules macro-F1");
        row(sb, head);
        separator(sb, head.size(), 2);
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Evaluation.Scored s : model.scored()) {
            keys.add(s.row().language() + "\t" + s.row().query().domain());
        }
        for (String lang : List.of("ja", "en")) {
            for (String key : keys) {
                String[] k = key.split("\t");
                if (!k[0].equals(lang)) {
                    continue;
                }
                java.util.function.Predicate<Evaluation.Scored> f = s -> s.row().language().equals(k[0])
                        && String.valueOf(s.row().query().domain()).equals(k[1]);
                Metrics m = model.where(f).overall();
                Metrics r = rules.where(f).overall();
                row(sb, List.of(k[0], k[1], Integer.toString(m.rows()), f4(m.accuracy()), f4(m.macroF1()),
                        f4(r.accuracy()), f4(r.macroF1())));
            }
        }
        return sb.toString();
    }

    /** The keyword-for-semantic and semantic-for-keyword errors, with the probabilities. */
    public static String keywordSemanticConfusions(Evaluation.Result result) {
        List<Evaluation.Scored> errors = new ArrayList<>(result.confusions(QueryType.KEYWORD, QueryType.SEMANTIC));
        errors.addAll(result.confusions(QueryType.SEMANTIC, QueryType.KEYWORD));
        if (errors.isEmpty()) {
            return "None.\n";
        }
        StringBuilder sb = new StringBuilder();
        List<String> head = List.of("language", "query", "true", "predicted", "p(keyword)", "p(semantic)", "p(hybrid)");
        row(sb, head);
        separator(sb, head.size(), 4);
        for (Evaluation.Scored s : errors) {
            double[] p = s.prediction().probabilities();
            row(sb, List.of(s.row().language(), "`" + s.row().query().query().replace("`", "'") + "`",
                    s.row().query().type().label(), s.prediction().type().label(),
                    f2(p[QueryType.KEYWORD.ordinal()]), f2(p[QueryType.SEMANTIC.ordinal()]), f2(p[QueryType.HYBRID.ordinal()])));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append('\n');
    }

    /** A separator row; the first {@code textColumns} are left-aligned, the rest right-aligned. */
    private static void separator(StringBuilder sb, int columns, int textColumns) {
        sb.append('|');
        for (int i = 0; i < columns; i++) {
            sb.append(i < textColumns ? "---|" : "---:|");
        }
        sb.append('\n');
    }

    static String f4(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    static String f2(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    static String f1(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MiB", bytes / 1024.0 / 1024.0);
    }
}
