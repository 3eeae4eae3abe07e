package io.qtp.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cheap English tokenizer and part-of-speech guesser of the simplified analysis (degraded mode): tokens are
 * runs of letters and digits (an apostrophe inside a word stays, "don't") and single other characters; a tag comes
 * from the closed-class word lists below, from the shape of the word (digits: NUM, "-ly": ADV, "-ing"/"-ed": VERB,
 * a listed imperative first: VERB), else NOUN. Written here rather than taken from a library because the point is
 * to need no model at all: the features that matter most to the rules (stop words, wh-words, auxiliaries,
 * prepositions heading a phrase) are closed-class words, which a list tags as well as a tagger does.
 */
final class LexiconTagger {

    private static final Map<String, String> CLOSED = new HashMap<>();

    static {
        tag("DET", "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "either",
                "neither", "all", "both", "no", "another", "such", "which", "whose");
        tag("PRON", "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
                "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
                "itself", "they", "them", "their", "theirs", "themselves", "someone", "something", "anyone",
                "anything", "everything", "nothing", "what", "who", "whom");
        tag("ADV", "when", "where", "why", "how", "very", "too", "also", "just", "only", "then", "there", "here",
                "again", "once", "now", "even", "still", "ever", "more", "most");
        tag("AUX", EnglishLexicon.INVERTING_AUXILIARIES);
        tag("AUX", "be", "been", "being");
        tag("ADP", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during",
                "before", "after", "above", "below", "to", "from", "in", "on", "off", "over", "under", "within",
                "without", "via", "per", "upon", "among", "across", "along", "around", "behind", "beyond", "near",
                "toward", "towards", "onto", "like", "than", "up", "down", "out");
        tag("CCONJ", "and", "but", "or", "nor", "yet", "so");
        tag("SCONJ", "if", "because", "as", "until", "while", "although", "though", "unless", "since", "whereas",
                "whether");
        tag("PART", "not", "n't", "'s");
        tag("INTJ", EnglishLexicon.REQUEST_MARKERS);
    }

    private LexiconTagger() {
    }

    private static void tag(String tag, String... words) {
        tag(tag, List.of(words));
    }

    private static void tag(String tag, Collection<String> words) {
        for (String w : words) {
            CLOSED.putIfAbsent(w, tag);
        }
    }

    /** Runs of letters or digits (with inner apostrophes) and single other non-space characters. */
    static String[] tokenize(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (Chars.isWhitespace(cp)) {
                i += len;
                continue;
            }
            if (!Character.isLetterOrDigit(cp)) {
                out.add(text.substring(i, i + len));
                i += len;
                continue;
            }
            int start = i;
            while (i < n) {
                int c = text.codePointAt(i);
                if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) {
                    i += Character.charCount(c);
                } else if ((c == '\'' || c == '\u2019') && i + 1 < n && Character.isLetter(text.codePointAt(i + 1))) {
                    i++; // "don't", "what's": the apostrophe stays inside the word
                } else {
                    break;
                }
            }
            out.add(text.substring(start, i));
        }
        return out.toArray(new String[0]);
    }

    /** A universal part-of-speech tag for {@code word} ({@code lower}: its normalised form). */
    static String tag(String word, String lower, boolean first) {
        String closed = CLOSED.get(lower);
        if (closed != null) {
            return closed;
        }
        if (!Chars.hasLetterOrDigit(word)) {
            return "PUNCT";
        }
        if (lower.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == ',')) {
            return "NUM";
        }
        if (first && EnglishLexicon.IMPERATIVE_VERBS.contains(lower)) {
            return "VERB";
        }
        int apostrophe = lower.indexOf('\'');
        if (apostrophe > 0 && CLOSED.containsKey(lower.substring(0, apostrophe))) {
            return "PRON+AUX"; // "what's", "it's"
        }
        if (lower.length() > 4 && lower.endsWith("ly")) {
            return "ADV";
        }
        if (lower.length() > 4 && (lower.endsWith("ing") || lower.endsWith("ed"))) {
            return "VERB";
        }
        return "NOUN";
    }
}
