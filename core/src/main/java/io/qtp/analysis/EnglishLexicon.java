package io.qtp.analysis;

import java.util.Locale;
import java.util.Set;

/**
 * The fixed word lists behind the English features. All entries are lower case; callers look up
 * {@link #normalize(String) normalised} tokens.
 */
final class EnglishLexicon {
    private EnglishLexicon() {
    }

    /**
     * Stop words: the closed-class function words of English (articles and determiners, pronouns,
     * prepositions, conjunctions, auxiliaries and modals, wh-words, negation and a few very common
     * adverbs and quantifiers), plus the contraction pieces OpenNLP splits off ({@code n't}, {@code 's}).
     * Written for this project; deliberately smaller than a search engine's list, so that content words
     * such as "best", "new" or "use" are not treated as noise.
     */
    static final Set<String> STOP_WORDS = Set.of(
            // articles, determiners, quantifiers
            "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "either",
            "neither", "all", "both", "few", "many", "much", "more", "most", "other", "another", "such", "no",
            "own", "same", "several", "enough",
            // pronouns
            "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
            "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it",
            "its", "itself", "they", "them", "their", "theirs", "themselves", "one", "someone", "something",
            "anyone", "anything", "everything", "nothing",
            // wh-words
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether",
            // auxiliaries and modals
            "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do",
            "does", "did", "doing", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
            "ca", "wo",
            // prepositions
            "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during",
            "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
            "under", "within", "without", "via", "per", "upon", "among", "across", "along", "around",
            "behind", "beyond", "near", "toward", "towards", "onto", "like", "than",
            // conjunctions
            "and", "but", "or", "nor", "so", "yet", "if", "because", "as", "until", "while", "although",
            "though", "unless", "since", "whereas",
            // adverbs, negation
            "not", "n't", "very", "too", "also", "just", "only", "then", "there", "here", "again", "once",
            "further", "now", "even", "still", "ever",
            // contraction pieces and common contracted forms kept whole by the tokenizer
            "'s", "'re", "'ve", "'ll", "'d", "'m", "s", "t", "don't", "doesn't", "didn't", "isn't", "aren't",
            "wasn't", "weren't", "can't", "won't", "i'm", "it's", "what's", "that's", "there's");

    /** The wh-words of questions. */
    static final Set<String> WH_WORDS = Set.of("what", "which", "who", "whom", "whose", "when", "where", "why", "how");

    /** Auxiliaries and modals that open a yes/no question by inversion ("Is PostgreSQL faster ..."). */
    static final Set<String> INVERTING_AUXILIARIES = Set.of(
            "is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "should", "would", "will",
            "shall", "may", "might", "must", "has", "have", "had", "isn't", "aren't", "wasn't", "weren't",
            "don't", "doesn't", "didn't", "can't", "couldn't", "shouldn't", "wouldn't", "won't", "haven't",
            "hasn't", "ca", "wo");

    /** Verbs whose imperative opens a request to explain or produce something ("Explain the difference ..."). */
    static final Set<String> IMPERATIVE_VERBS = Set.of(
            "explain", "show", "tell", "list", "find", "give", "describe", "compare", "help", "write",
            "summarize", "summarise", "define", "recommend", "suggest", "translate", "calculate", "convert",
            "create", "make", "generate", "teach", "solve", "analyze", "analyse", "outline", "identify",
            "provide", "draft", "rewrite", "review", "evaluate", "predict", "estimate", "clarify", "discuss",
            "elaborate", "illustrate", "prove", "derive", "let", "name", "check", "fix");

    /** Politeness markers that open a request ("please explain ..."). */
    static final Set<String> REQUEST_MARKERS = Set.of("please", "pls", "plz", "kindly");

    /** Lower case, with a curly apostrophe made straight. Returns the same instance when nothing changes. */
    static String normalize(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        return lower.indexOf('\u2019') >= 0 ? lower.replace('\u2019', '\'') : lower;
    }

    /** A wh-word, also when contracted ("what's", "how'd"). */
    static boolean isWhWord(String normalized) {
        int apostrophe = normalized.indexOf('\'');
        return WH_WORDS.contains(apostrophe > 0 ? normalized.substring(0, apostrophe) : normalized);
    }
}
