package io.qtp.search.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.Token;

/**
 * Deterministic keyword and hybrid variants of a benchmark question, so that the evaluation sees the three query
 * types on the same information need (same qrels). Rules:
 * <ul>
 *   <li>content terms: the analyser's tokens (OpenNLP for English, Kuromoji for Japanese) that are nouns,
 *       proper nouns, adjectives or numbers (English: UD NOUN, PROPN, ADJ, NUM; Japanese: 名詞 except 非自立 and
 *       代名詞), distinct, in order, at most {@value #MAX_TERMS};
 *   <li>keyword variant: the terms joined by spaces (English lower-cased);
 *   <li>hybrid variant: key terms plus a short structure. English: with n >= 3 terms, the second half, "of", the
 *       first half ("inductive properties of 0-dimensional biomaterials"); fewer: "overview of" + terms.
 *       Japanese: first half, "の", second half ("梅雨 北海道 の 地域"); one term: term + " について".
 * </ul>
 * A variant that would be empty or equal to the original is not produced.
 */
public final class QueryVariants {

    static final int MAX_TERMS = 6;
    private static final Set<String> EN_POS = Set.of("NOUN", "PROPN", "ADJ", "NUM");

    private QueryVariants() {
    }

    public static List<String> terms(QueryAnalysis a) {
        Set<String> out = new LinkedHashSet<>();
        for (Token t : a.tokens()) {
            if (!t.isWord() || out.size() >= MAX_TERMS) {
                continue;
            }
            boolean content = a.language() == Language.JA
                    ? t.pos().equals("名詞") && !t.tag().contains("非自立") && !t.tag().contains("代名詞")
                    : EN_POS.contains(t.pos());
            if (content) {
                out.add(a.language() == Language.JA ? t.text() : t.text().toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(out);
    }

    public static String keyword(QueryAnalysis a) {
        return String.join(" ", terms(a));
    }

    public static String hybrid(QueryAnalysis a) {
        List<String> t = terms(a);
        if (t.isEmpty()) {
            return "";
        }
        int h = (t.size() + 1) / 2;
        String first = String.join(" ", t.subList(0, h));
        String second = String.join(" ", t.subList(h, t.size()));
        if (a.language() == Language.JA) {
            return t.size() == 1 ? t.get(0) + " について" : first + " の " + second;
        }
        return t.size() >= 3 ? second + " of " + first : "overview of " + String.join(" ", t);
    }
}
