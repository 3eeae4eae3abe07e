package io.qtp.classify;

import io.qtp.analysis.Feature;
import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;

/**
 * The rule-based classifier: the fallback when no trained model can serve, and the baseline a model must
 * beat. Stateless and thread-safe; it only reads the feature vector.
 *
 * <h2>Score</h2>
 * One score {@code s} in [0, 1], 0 = keyword, 1 = semantic:
 * <pre>
 *   s = clamp(0.3 * common + 0.7 * language + adjustments)      (a fully quoted query: s = 0)
 *   keyword  if s &lt;= 0.3,   semantic if s &gt;= 0.7,   hybrid otherwise
 * </pre>
 * <ul>
 *   <li>{@link #commonScore common}: language-independent evidence of prose: length, a trailing question
 *       mark; against it: code-like terms, upper case (acronyms, codes), digits, special characters;
 *   <li>{@link #japaneseScore language (ja)}: function words (particles, auxiliaries), sentence endings
 *       (request, polite, question, predicate); against it: Latin terms in a query without grammar;
 *       bare nominal queries grow towards hybrid with the number of space-separated terms;
 *   <li>{@link #englishScore language (en)}: stop words, command and prepositional-phrase patterns,
 *       pronouns; against it: a bare noun phrase, code-like terms;
 *   <li>{@link #adjustments adjustments} (the fixed heuristics of the design): boolean operators -0.4,
 *       field or search-operator syntax -0.3, question form +0.3, at most 2 tokens -0.2, at least 10 tokens
 *       +0.2.
 * </ul>
 *
 * <h2>Probabilities</h2>
 * A softmax over three logits that are linear in {@code s}:
 * <pre>
 *   z_keyword  = T * (0.3 - s)
 *   z_hybrid   = 0
 *   z_semantic = T * (s - 0.7)          T = 10
 *   p_i = exp(z_i) / sum_j exp(z_j)
 * </pre>
 * The keyword logit beats the hybrid one exactly when {@code s < 0.3} and the semantic one exactly when
 * {@code s > 0.7}, so the most probable type is always the type of the thresholds (at {@code s = 0.3} or
 * {@code 0.7} exactly the two are tied and the thresholds decide). The probabilities sum to 1; at
 * {@code s = 0} keyword gets 0.95, at {@code s = 0.5} hybrid 0.79, at {@code s = 1} semantic 0.95.
 */
public final class RuleBasedScorer implements QueryClassifier {

    /** The {@code modelVersion} of rule-based predictions. */
    public static final String VERSION = "rules-1";

    /** Scores at or below this are keyword. */
    public static final double KEYWORD_MAX = 0.3;
    /** Scores at or above this are semantic. */
    public static final double SEMANTIC_MIN = 0.7;

    static final double COMMON_WEIGHT = 0.3;
    static final double LANGUAGE_WEIGHT = 0.7;
    static final double BOOLEAN_PENALTY = 0.4;
    static final double SYNTAX_PENALTY = 0.3;
    static final double QUESTION_BONUS = 0.3;
    static final double SHORT_PENALTY = 0.2;
    static final double LONG_BONUS = 0.2;
    static final int SHORT_MAX_TOKENS = 2;
    static final int LONG_MIN_TOKENS = 10;
    /** Softmax temperature of the probability formula. */
    static final double TEMPERATURE = 10;

    /** The parts of a score, for tests and for explaining a decision. */
    public record Breakdown(double common, double language, double adjustments, double score) {
    }

    @Override
    public Prediction classify(QueryAnalysis analysis) {
        double s = score(analysis);
        return new Prediction(typeOf(s), probabilities(s), VERSION);
    }

    @Override
    public String version() {
        return VERSION;
    }

    /** The score s in [0, 1]. */
    public double score(QueryAnalysis a) {
        return explain(a).score();
    }

    /** The score with its parts. */
    public Breakdown explain(QueryAnalysis a) {
        if (a.feature(Feature.FULLY_QUOTED) > 0) {
            return new Breakdown(0, 0, 0, 0); // an exact-phrase search is keyword by definition
        }
        double common = commonScore(a);
        double language = a.language() == Language.JA ? japaneseScore(a) : englishScore(a);
        double adjustments = adjustments(a);
        double s = clamp(COMMON_WEIGHT * common + LANGUAGE_WEIGHT * language + adjustments);
        return new Breakdown(common, language, adjustments, s);
    }

    /** The type the thresholds give a score. */
    public static QueryType typeOf(double s) {
        if (s <= KEYWORD_MAX) {
            return QueryType.KEYWORD;
        }
        return s >= SEMANTIC_MIN ? QueryType.SEMANTIC : QueryType.HYBRID;
    }

    /** The probabilities of a score, indexed by {@link QueryType#ordinal()}; see the class comment. */
    public static double[] probabilities(double s) {
        double x = clamp(Double.isFinite(s) ? s : 0);
        double zKeyword = TEMPERATURE * (KEYWORD_MAX - x);
        double zSemantic = TEMPERATURE * (x - SEMANTIC_MIN);
        double zHybrid = 0;
        double max = Math.max(zHybrid, Math.max(zKeyword, zSemantic)); // subtract the max: no overflow
        double eKeyword = Math.exp(zKeyword - max);
        double eSemantic = Math.exp(zSemantic - max);
        double eHybrid = Math.exp(zHybrid - max);
        double sum = eKeyword + eSemantic + eHybrid;
        double[] p = new double[QueryType.values().length];
        p[QueryType.KEYWORD.ordinal()] = eKeyword / sum;
        p[QueryType.SEMANTIC.ordinal()] = eSemantic / sum;
        p[QueryType.HYBRID.ordinal()] = eHybrid / sum;
        return p;
    }

    // ------------------------------------------------------------------ the parts

    /**
     * Language-independent evidence in [0, 1]. Length carries most of it: a query grows into a sentence
     * (1 token: 0, 12 or more: 1). A trailing question mark adds; terms that look like code, and high
     * shares of capitals, digits and symbols (identifiers, versions, error codes) subtract.
     */
    static double commonScore(QueryAnalysis a) {
        double length = clamp((a.feature(Feature.TOKEN_COUNT) - 1) / 11.0);
        return clamp(0.2
                + 0.6 * length
                + 0.2 * a.feature(Feature.TRAILING_QUESTION_MARK)
                - 0.6 * a.feature(Feature.CODE_TOKEN_RATIO)
                - 0.3 * a.feature(Feature.UPPERCASE_RATIO)
                - 0.5 * a.feature(Feature.DIGIT_RATIO)
                - 0.5 * a.feature(Feature.SPECIAL_CHAR_RATIO));
    }

    /**
     * Japanese evidence in [0, 1]: {@code 0.1 + 0.35 grammar + 0.45 ending + 0.1 connective +
     * (1 - grammar) * nominalShape}.
     */
    static double japaneseScore(QueryAnalysis a) {
        double grammar = japaneseGrammar(a);
        return clamp(0.1
                + 0.35 * grammar
                + 0.45 * japaneseEnding(a)
                + 0.1 * a.feature(Feature.JA_CONNECTIVE)
                + (1 - grammar) * japaneseNominalShape(a));
    }

    /**
     * How much of the query is grammar, in [0, 1]: the share of function words (particles, auxiliaries,
     * dependent words), saturating at 30 %. A sentence has 35-80 %, a noun phrase joined by の about 25 %,
     * a list of terms none.
     */
    static double japaneseGrammar(QueryAnalysis a) {
        return clamp(a.feature(Feature.JA_FUNCTION_WORD_RATIO) / 0.3);
    }

    /**
     * How the query ends, in [0, 1]: a request (ください, いただけますか), polite style (です, ます) or a
     * question ending makes a sentence (1); any other predicate ending counts somewhat (0.7).
     */
    static double japaneseEnding(QueryAnalysis a) {
        return Math.max(Math.max(a.feature(Feature.JA_REQUEST_ENDING), a.feature(Feature.JA_POLITE)),
                Math.max(a.feature(Feature.JA_QUESTION_ENDING), 0.7 * a.feature(Feature.JA_PREDICATE_ENDING)));
    }

    /**
     * What a query without grammar looks like, in [-0.6, 0.35]. Latin terms (product names, identifiers:
     * 「Docker メモリ制限」) mark a keyword query. Several space-separated Japanese terms read as a described
     * topic rather than a name and move towards hybrid: the design's 「ニューラルネットワーク 学習方法 最適化」
     * is hybrid while its 「PostgreSQL ベクトル検索 インデックス」 is keyword.
     */
    static double japaneseNominalShape(QueryAnalysis a) {
        double latin = a.feature(Feature.SCRIPT_LATIN);
        double terms = clamp((a.feature(Feature.TERM_COUNT) - 1) / 3.0); // 1 term: 0, 4 or more: 1
        return 0.35 * terms * (1 - latin) - 0.6 * latin;
    }

    /**
     * English evidence in [0, 1]: {@code 0.2 + 0.5 stopWords + 0.25 command + 0.15 prepositionalPhrase +
     * 0.1 pronouns - 0.2 nounPhrase - 0.6 codeRatio}.
     *
     * <p>Stop words are the grammar of English (a sentence has 40-70 %; saturating at 50 %), unless the
     * query is a bare noun phrase, where they are stray words ("debug kubernetes aws on in"). A command
     * ("explain ...", "please ...") is a request in a sentence; a prepositional phrase adds some structure
     * ("comparison for image recognition"); pronouns speak in a sentence ("How do I reset my ..."). A bare
     * noun phrase and code-like terms subtract.
     */
    static double englishScore(QueryAnalysis a) {
        boolean nounPhrase = a.feature(Feature.EN_NOUN_PHRASE) > 0;
        double stopWords = nounPhrase ? 0 : clamp(a.feature(Feature.EN_STOPWORD_RATIO) / 0.5);
        return clamp(0.2
                + 0.5 * stopWords
                + 0.25 * a.feature(Feature.EN_COMMAND)
                + 0.15 * a.feature(Feature.EN_PREPOSITIONAL_PHRASE)
                + 0.1 * clamp(a.feature(Feature.EN_PRONOUN_RATIO) * 5)
                - (nounPhrase ? 0.2 : 0)
                - 0.6 * a.feature(Feature.CODE_TOKEN_RATIO));
    }

    /** The fixed heuristics of the design, added to the weighted score before clamping. */
    static double adjustments(QueryAnalysis a) {
        double d = 0;
        if (a.feature(Feature.BOOLEAN_OPERATOR) > 0) {
            d -= BOOLEAN_PENALTY;
        }
        if (a.feature(Feature.FIELD_SYNTAX) > 0 || a.feature(Feature.SEARCH_OPERATOR) > 0) {
            d -= SYNTAX_PENALTY;
        }
        if (a.feature(Feature.QUESTION_FORM) > 0) {
            d += QUESTION_BONUS;
        }
        double tokens = a.feature(Feature.TOKEN_COUNT);
        if (tokens <= SHORT_MAX_TOKENS) {
            d -= SHORT_PENALTY;
        } else if (tokens >= LONG_MIN_TOKENS) {
            d += LONG_BONUS;
        }
        return d;
    }

    private static double clamp(double x) {
        return x < 0 ? 0 : (x > 1 ? 1 : x);
    }
}
