import java.nio.file.*;
import java.text.Normalizer;
import java.util.*;
import java.util.function.UnaryOperator;
import io.qtp.analysis.*;
import io.qtp.classify.*;
import io.qtp.classify.trained.*;
import io.qtp.training.*;

/**
 * The evidence behind io.qtp.analysis.QueryText (docs/ARCHITECTURE.md, "One query value"): the model's macro-F1 on a
 * labelled file with the query normalised in different ways before the analysis, and how many rows the model types
 * differently when they are written full-width. Run from the repository root after packaging:
 *
 *   java -cp target/query-type-predictor.jar scripts/NormalisationEval.java src/main/resources/model/current \
 *       data/query-types/test.jsonl [list]
 *
 * ("list" prints the rows whose full-width form gets another type). Since QueryAnalyzer itself applies QueryText,
 * the first two lines now read the same; the NFKC line is the alternative that was not taken.
 */
public class NormalisationEval {
    static String ws(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (!space) { b.append(' '); space = true; }
            } else { b.appendCodePoint(cp); space = false; }
        }
        int n = b.length();
        if (n > 0 && b.charAt(n - 1) == ' ') b.setLength(n - 1);
        return b.toString();
    }
    static String nfkc(String s) { return ws(Normalizer.normalize(s, Normalizer.Form.NFKC)); }
    /** The full-width form: printable ASCII to U+FF01..FF5E, space to U+3000. */
    static String fullWidth(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) b.append(c == ' ' ? '\u3000' : c > ' ' && c < 0x7f ? (char) (c - 0x21 + 0xFF01) : c);
        return b.toString();
    }
    public static void main(String[] a) throws Exception {
        QueryAnalyzer analyzer = new QueryAnalyzer();
        ModelBundle bundle = ModelBundle.load(Path.of(a[0]));
        QueryClassifier model = bundle.classifier();
        List<LabelledQuery> rows = DataFiles.read(Path.of(a[1]));
        Map<String, UnaryOperator<String>> ways = new LinkedHashMap<>();
        ways.put("as given", s -> s);
        ways.put("whitespace only", NormalisationEval::ws);
        ways.put("NFKC + whitespace", NormalisationEval::nfkc);
        for (var w : ways.entrySet()) {
            List<LabelledQuery> in = rows.stream().map(r -> new LabelledQuery(w.getValue().apply(r.query()), r.type(), r.language(), r.source(), r.group())).toList();
            var res = Evaluation.evaluate(model, Evaluation.analyse(analyzer, in));
            // the same rows written full-width (ASCII letters, digits, symbols, spaces), as a user with an IME on might
            List<LabelledQuery> fw = rows.stream().map(r -> new LabelledQuery(w.getValue().apply(fullWidth(r.query())), r.type(), r.language(), r.source(), r.group())).toList();
            var resFw = Evaluation.evaluate(model, Evaluation.analyse(analyzer, fw));
            int changedText = 0, differ = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (!fw.get(i).query().equals(in.get(i).query())) changedText++;
                if (res.scored().get(i).prediction().type() != resFw.scored().get(i).prediction().type()) {
                    differ++;
                    if (a.length > 2) {
                        System.out.println("  " + in.get(i).query() + " " + res.scored().get(i).prediction().type()
                                + " | " + fw.get(i).query() + " " + resFw.scored().get(i).prediction().type());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-26s macro-F1 %.4f (en %.4f, ja %.4f) accuracy %.4f | full-width form: macro-F1 %.4f, %d of %d rows change text, %d change type%n",
                w.getKey(), res.overall().macroF1(), res.perLanguage().get("en").macroF1(), res.perLanguage().get("ja").macroF1(), res.overall().accuracy(),
                resFw.overall().macroF1(), changedText, rows.size(), differ);
        }
    }
}
