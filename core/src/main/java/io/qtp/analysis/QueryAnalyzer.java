package io.qtp.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a query into a {@link QueryAnalysis}: language, tokens and the feature vector of {@link Feature}.
 *
 * <p>Create one instance and share it: the constructor loads the OpenNLP models and the Kuromoji
 * dictionaries; {@link #warmUp()} then runs queries of both languages so that the first requests pay neither for
 * lazy initialisation nor for the JIT (the service calls it once, at start-up); {@link #analyze(String)} is
 * thread-safe, CPU-only and never blocks.
 *
 * <p>The pipeline, each stage filling its slice of the vector:
 * <ol>
 *   <li>{@link QueryText#normalize}: the query's one normalisation (whitespace), the text
 *       {@link QueryAnalysis#query()} returns; then strip leading/trailing invisible characters;
 *   <li>{@link TextStats}: character statistics and script ratios, in one pass;
 *   <li>{@link LanguageDetector}: Japanese or English, from the script counts of step 2;
 *   <li>{@link JapaneseFeatures} (Kuromoji) or {@link EnglishFeatures} (OpenNLP): tokens and the
 *       language's features;
 *   <li>token statistics (count, average length, unique ratio) over the word tokens;
 *   <li>{@link SyntaxFeatures}: quotes, boolean operators, field syntax, code-like terms;
 *   <li>{@link GuideCues}: the labelling guide's cues from the text, the tokens and the code-like ratio.
 * </ol>
 *
 * <p>{@code analyze} never throws: any string (empty, control characters, lone surrogates, very long)
 * yields a vector of {@link Feature#count()} finite values. Should a tokenizer fail on some input, its
 * slice stays 0, the failure is logged, and the rest of the vector is still computed. Only the first
 * {@value #MAX_ANALYZED_CHARS} characters are analysed, which bounds the CPU time one request can take on
 * an event loop (the API accepts 1000).
 */
public final class QueryAnalyzer {
    /** Longer input is cut to this many UTF-16 units before analysis. */
    public static final int MAX_ANALYZED_CHARS = 4096;

    private static final System.Logger LOG = System.getLogger(QueryAnalyzer.class.getName());

    private final JapaneseFeatures japanese;
    private final EnglishFeatures english;

    /** Rounds of {@link #warmUp()}: enough for the JIT to compile the analysis of both languages. */
    static final int WARM_UP_ROUNDS = 200;

    /**
     * Loads the models.
     *
     * @throws IllegalStateException if an OpenNLP model is missing from the classpath
     */
    public QueryAnalyzer() {
        this.japanese = new JapaneseFeatures();
        this.english = new EnglishFeatures();
    }

    /**
     * Warms the pipeline up: analyses a Japanese and an English query {@value #WARM_UP_ROUNDS} times each, so that
     * the first real queries pay neither for lazy initialisation nor for interpreted code. Call it once, when the
     * latency of the first queries matters (a server at start-up); returns this analyser.
     */
    public QueryAnalyzer warmUp() {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            analyze("ニューラルネットワークの学習方法について教えてください");
            analyze("What are the best practices for implementing vector search in PostgreSQL?");
        }
        return this;
    }

    /**
     * Analyses one query, after {@link QueryText#normalize} (idempotent: text the caller normalised already is read
     * as it is). Never throws; {@code null} is treated as the empty string.
     */
    public QueryAnalysis analyze(String query) {
        return analyze(query, false);
    }

    /**
     * The simplified analysis of degraded mode: the same vector, but English is tokenised by whitespace and
     * punctuation and tagged from the closed-class word lists ({@link EnglishFeatures#analyzeLight}) instead of
     * OpenNLP's models, which are most of an English query's cost. Japanese keeps Kuromoji (already cheap). Meant
     * for the rule-based scorer; the trained model was fitted on the full analysis.
     */
    public QueryAnalysis analyzeLight(String query) {
        return analyze(query, true);
    }

    private QueryAnalysis analyze(String query, boolean light) {
        String q = QueryText.normalize(query);
        double[] f = new double[Feature.count()];
        Language language = Language.EN;
        List<Token> tokens = List.of();
        try {
            String text = Chars.strip(truncate(q));
            TextStats stats = TextStats.of(text);
            language = LanguageDetector.fromStats(stats, text);
            stats.fill(f);
            f[Feature.LANGUAGE_JA.ordinal()] = language == Language.JA ? 1 : 0;

            tokens = tokenize(language, text, f, light);
            int words = fillTokenStats(tokens, f);

            SyntaxFeatures.Counts syntax = SyntaxFeatures.scan(text, f);
            // Unspaced Japanese has few terms but many words: 「java.lang.Fooが発生しました」 is 2 terms, 8 words.
            // English terms are its words (OpenNLP only splits identifiers further, which must not dilute).
            int codeBase = language == Language.JA ? Math.max(syntax.pieces(), words) : syntax.pieces();
            f[Feature.CODE_TOKEN_RATIO.ordinal()] = TextStats.ratio(syntax.codeTerms(), codeBase);
            GuideCues.fill(text, language, tokens, f[Feature.CODE_TOKEN_RATIO.ordinal()], f);

            if (stats.trailingQuestionMark
                    || f[Feature.JA_QUESTION_ENDING.ordinal()] > 0 || f[Feature.JA_INTERROGATIVE.ordinal()] > 0) {
                f[Feature.QUESTION_FORM.ordinal()] = 1; // English question forms are set by EnglishFeatures
            }
        } catch (RuntimeException | StackOverflowError e) {
            // last line of defence: whatever was computed so far is returned
            LOG.log(System.Logger.Level.WARNING, "query analysis failed, returning a partial vector", e);
        }
        sanitize(f);
        return new QueryAnalysis(q, language, tokens, f);
    }

    private List<Token> tokenize(Language language, String text, double[] f, boolean light) {
        if (Chars.isBlank(text)) {
            return List.of();
        }
        try {
            // full-width Latin (ｈｏｗ ｄｏ ｉ) is read as the half-width text it stands for (guide N3); the character
            // statistics keep the original
            String english = language == Language.JA ? text : halfWidth(text);
            List<Token> tokens = language == Language.JA ? japanese.analyze(text, f)
                    : light ? this.english.analyzeLight(english, f) : this.english.analyze(english, f);
            return List.copyOf(tokens);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tokenizer failed; language features left at 0", e);
            clearLanguageSlice(f);
            return List.of();
        }
    }

    /** NFKC of text that has full-width ASCII forms or ideographic spaces, else the text itself. */
    static String halfWidth(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E' || c == '\u3000') {
                return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
            }
        }
        return text;
    }

    /** Writes token count, average token length and unique ratio; returns the number of word tokens. */
    static int fillTokenStats(List<Token> tokens, double[] f) {
        int words = 0;
        long length = 0;
        for (Token t : tokens) {
            if (t.isWord()) {
                words++;
                length += t.text().codePointCount(0, t.text().length());
            }
        }
        double average = words == 0 ? 0 : (double) length / words;
        f[Feature.TOKEN_COUNT.ordinal()] = words;
        f[Feature.TOKEN_COUNT_NORM.ordinal()] = Math.min(words, 30) / 30.0;
        f[Feature.AVG_TOKEN_LENGTH.ordinal()] = average;
        f[Feature.AVG_TOKEN_LENGTH_NORM.ordinal()] = Math.min(average, 20) / 20.0;
        f[Feature.UNIQUE_TOKEN_RATIO.ordinal()] = TextStats.ratio(distinctWords(tokens, words), words);
        return words;
    }

    /** Case-insensitive distinct words: pairwise comparison for short queries (no allocation), a set beyond. */
    private static int distinctWords(List<Token> tokens, int words) {
        if (words <= 32) {
            int distinct = 0;
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (!t.isWord()) {
                    continue;
                }
                boolean seen = false;
                for (int j = 0; j < i && !seen; j++) {
                    seen = tokens.get(j).isWord() && tokens.get(j).text().equalsIgnoreCase(t.text());
                }
                if (!seen) {
                    distinct++;
                }
            }
            return distinct;
        }
        Set<String> set = new HashSet<>();
        for (Token t : tokens) {
            if (t.isWord()) {
                set.add(t.text().toLowerCase(Locale.ROOT));
            }
        }
        return set.size();
    }

    private static void clearLanguageSlice(double[] f) {
        for (Feature feature : Feature.values()) {
            String name = feature.name();
            if (name.startsWith("JA_") || name.startsWith("EN_")) {
                f[feature.ordinal()] = 0;
            }
        }
        f[Feature.QUESTION_FORM.ordinal()] = 0;
    }

    private static String truncate(String q) {
        if (q.length() <= MAX_ANALYZED_CHARS) {
            return q;
        }
        int end = MAX_ANALYZED_CHARS;
        if (Character.isHighSurrogate(q.charAt(end - 1))) {
            end--; // do not split a surrogate pair
        }
        return q.substring(0, end);
    }

    /** No NaN or infinity can leave the analyser, whatever a ratio or a future feature computes. */
    private static void sanitize(double[] f) {
        for (int i = 0; i < f.length; i++) {
            if (!Double.isFinite(f[i])) {
                f[i] = 0;
            }
        }
    }
}
