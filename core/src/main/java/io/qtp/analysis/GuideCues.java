package io.qtp.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The cues of the labelling guide (docs/LABELLING.md, section 3) that the other feature families do not compute:
 * the last 15 features of {@link Feature} (13 in feature set 2, two more in set 3). Each is a flag (or a small count
 * scaled to [0, 1]) that approximates one rule of the guide from the text and the tokens the analyser already has;
 * the model decides how much each counts. Cheap: one pass over the terms and tokens, no allocation beyond a few small lists.
 */
final class GuideCues {

    private GuideCues() {
    }

    // ---------------------------------------------------------------------------------------------- lexicons

    /** Intent nouns (Q6b): a term ending in one of them asks how/why/what about the terms. */
    static final List<String> JA_INTENT_NOUNS = List.of("方法", "やり方", "仕方", "使い方", "手順", "仕組み", "原因", "理由",
            "違い", "意味", "対策", "対処法", "解決策", "解決方法", "使い分け", "流れ", "使い道");
    /** Fixed words ending in 法/策 that are not intent nouns. */
    static final List<String> JA_NOT_INTENT_SUFFIXES = List.of("民法", "憲法", "文法", "療法", "基準法", "交通法", "件法",
            "政策", "散策", "商法", "刑法", "税法", "法");
    /** Judgement words (Q6d) as the last word of a term list. */
    static final Set<String> JA_JUDGEMENT = Set.of("必要", "不要", "大丈夫", "平気", "可能", "不可", "無理", "ok", "ng", "ダメ",
            "だめ", "違法", "合法", "安全", "危険", "本当", "嘘");
    static final Set<String> JA_QUESTION_WORDS = Set.of("何", "なに", "なん", "誰", "だれ", "どこ", "いつ", "どれ", "どちら",
            "どっち", "いくつ", "いくら", "どの", "どんな", "どう", "なぜ", "なんで", "どうして", "どうやって");

    static final Set<String> EN_FILLERS = Set.of("uh", "um", "umm", "uhh", "erm", "hmm", "so", "well", "oh");
    static final Set<String> EN_WAKE_WORDS = Set.of("alexa", "siri", "google", "cortana", "bixby");
    static final Set<String> EN_REQUEST_VERBS = Set.of("explain", "describe", "summarize", "summarise", "compare",
            "recommend", "suggest", "tell", "give", "write", "rewrite", "draft", "translate", "help", "teach", "walk");
    static final Set<String> EN_TASK_VERBS = Set.of("show", "find", "list", "get", "check", "install", "uninstall",
            "reset", "cancel", "track", "convert", "plan", "make", "create", "set", "turn", "add", "book", "open", "play",
            "call", "undo", "update", "remove", "delete", "change", "fix", "return", "transfer", "renew", "apply", "send",
            "block", "unblock", "replace", "clean", "connect", "disconnect", "enable", "disable", "restore", "recover",
            "move", "copy", "print", "schedule", "pay", "report", "upgrade", "downgrade", "unsubscribe", "stop", "start",
            "clear", "import", "export", "merge", "rename", "sort", "format", "edit", "sync", "pair", "mute", "share",
            "save", "calculate", "count", "split", "freeze", "reheat", "boil", "cook", "bake", "file", "claim", "request",
            "close", "refund", "dispute", "activate", "deactivate", "mount", "kill", "revert", "rebase", "squash");
    static final Set<String> EN_PREPOSITIONS = Set.of("about", "above", "across", "after", "against", "along", "among",
            "around", "at", "before", "behind", "below", "beneath", "beside", "between", "beyond", "by", "despite", "down",
            "during", "except", "for", "from", "in", "inside", "into", "like", "near", "of", "off", "on", "onto", "out",
            "outside", "over", "past", "since", "through", "throughout", "to", "toward", "towards", "under",
            "underneath", "until", "up", "upon", "via", "vs", "vs.", "versus", "with", "within", "without");
    static final Set<String> EN_CONJUNCTIONS = Set.of("and", "or", "but", "nor", "if", "because", "while", "whether");
    static final Set<String> EN_DETERMINERS = Set.of("a", "an", "the", "i", "me", "my", "mine", "you", "your", "yours",
            "he", "him", "his", "she", "her", "it", "its", "we", "us", "our", "they", "them", "their", "this", "that",
            "these", "those");
    static final Set<String> EN_NEGATIONS = Set.of("not", "no", "cant", "dont", "wont", "doesnt", "isnt", "didnt", "arent",
            "wasnt", "cannot");
    /**
     * Names of programming and query language constructs (guide 4.3): code units, so their function words join
     * nothing ("list comprehension if else python", "postgres order by nulls last" are keyword).
     */
    static final Set<String> EN_CODE_CONSTRUCTS = Set.of("if else", "else if", "try catch", "try except", "for loop",
            "while loop", "do while", "for each", "switch case", "group by", "order by", "partition by", "left join",
            "right join", "inner join", "outer join", "full join", "cross join", "async await", "is null", "not null",
            "nulls last", "nulls first", "union all", "insert into", "delete from", "if statement", "for in", "with open");
    /** Context units: "near me", "this week" ... are one term (section 2, U). */
    static final Set<String> EN_CONTEXT_SECOND = Set.of("week", "weekend", "month", "year", "morning", "afternoon",
            "evening", "summer", "winter", "spring", "fall", "season");
    static final Set<String> EN_WH = Set.of("what", "how", "who", "where", "when", "why", "which", "whose", "whom");
    /** "what's" typed without its apostrophe (guide N1: a typo is read as the word meant). */
    static final Set<String> EN_WH_S_TYPOS = Set.of("whats", "hows", "whos", "wheres", "whens", "whys");
    static final Set<String> EN_FINITE_AFTER_WH = Set.of("is", "are", "was", "were", "do", "does", "did", "can", "could",
            "should", "would", "will", "has", "have", "had", "shall", "may", "might", "must", "'s", "'re", "'ll");
    static final Set<String> EN_SUBJECT_PRONOUNS = Set.of("i", "we", "they", "he", "she", "it", "you", "i'm", "i've",
            "it's", "im", "ive");
    static final Set<String> EN_ARTICLES = Set.of("the", "a", "an");
    /** A pronoun and its verb in one word (guide Q5: a subject and a finite verb). */
    static final Set<String> EN_PRONOUN_VERB_CONTRACTIONS = Set.of("i'm", "im", "i've", "ive", "you're", "youre",
            "we're", "they're", "theyre", "he's", "she's", "it's", "i'll", "i'd");
    /** Verbs of requests to a voice assistant that the tagger reads as nouns after a wake word (guide Q3 b). */
    static final Set<String> EN_ASSISTANT_VERBS = Set.of("order", "spell", "text", "message", "remind", "navigate",
            "read", "pause", "resume", "skip", "shuffle", "repeat", "buy", "reorder", "lock", "unlock", "dim", "wake",
            "ring", "answer", "define", "search", "look", "tell", "give", "translate", "say", "sing", "lower", "raise");
    /**
     * Verbs of news headlines in their finite forms (guide Q5: a headline with an object after its verb is a
     * statement). The tagger reads most of them as nouns in a lower-case headline ("harvard cuts/NOUN phd
     * admissions"), so they are listed. A form counts only after a bare subject of one to three words and before
     * its object (not a preposition), which rules out most plural-noun readings of "cuts", "names", "signs"; "steps"
     * only before a final particle ("starbucks ceo steps down", not "krebs cycle steps diagram"). Forms that are
     * mostly plural nouns in keyword queries (drops, falls, sets, plans, calls) are not listed.
     */
    static final Set<String> EN_HEADLINE_VERBS = Set.of("announces", "unveils", "launches", "raises", "slashes",
            "hikes", "wins", "beats", "delays", "cancels", "recalls", "bans", "approves", "rejects", "sues", "arrests",
            "hires", "resigns", "quits", "warns", "vows", "urges", "seeks", "surges", "soars", "plunges", "tumbles",
            "climbs", "jumps", "upholds", "overturns", "discovers", "reveals", "confirms", "denies", "admits",
            "expands", "acquires", "buys", "sells", "kills", "injures", "dies", "reaches", "joins", "slams", "extends",
            "postpones", "suspends", "halts", "resumes", "boosts", "lowers", "lifts", "fires", "hits", "holds",
            "strikes", "passes", "signs", "names", "cuts", "steps", "takes", "forces", "fell", "rose", "won",
            "announced", "unveiled", "launched", "raised", "dropped", "jumped", "surged", "plunged", "recalled",
            "banned", "approved", "rejected");
    /** Particles that end a phrasal verb ("steps down", "shuts down", "pulls out"). */
    static final Set<String> EN_PARTICLES = Set.of("down", "up", "out", "off", "back", "in", "over");

    static final Set<String> EN_POSSESSIVES = Set.of("my", "our", "your", "his", "her", "their");
    /** Finite verbs after a noun subject that make a statement: "galaxy s24 won't charge", "spotify keeps pausing". */
    static final Set<String> EN_FINITE_MARKERS = Set.of("doesn't", "doesnt", "won't", "wont", "isn't", "isnt", "can't",
            "cant", "cannot", "didn't", "didnt", "wasn't", "wasnt", "aren't", "arent", "keeps", "kept", "stopped",
            "stops", "won’t", "doesn’t", "isn’t", "can’t");

    /** The sentence-form features that are 0 for a query made of a quoted unit (and bare terms). */
    static final List<Feature> UNIT_CLEARED = List.of(Feature.QUESTION_FORM, Feature.JA_QUESTION_ENDING,
            Feature.JA_REQUEST_ENDING, Feature.JA_POLITE, Feature.JA_PREDICATE_ENDING, Feature.JA_CONNECTED_CLAUSE,
            Feature.JA_SPACED_PREDICATE, Feature.JA_ATTACHED_QUESTION_WORD, Feature.EN_WH_QUESTION,
            Feature.EN_AUX_INVERSION, Feature.EN_COMMAND, Feature.EN_REQUEST, Feature.EN_WH_FINITE,
            Feature.EN_SUBJECT_VERB, Feature.EN_TASK_VERB, Feature.EN_FUNCTION_WORD_JOIN);

    /** Romaji question words (guide N2: romaji is read as Japanese): 「doko」 = どこ. */
    static final Set<String> ROMAJI_QUESTION_WORDS = Set.of("nani", "nan", "doko", "itsu", "dare", "ikura", "ikutsu",
            "dou", "naze", "docchi", "dochira", "nanji", "nansai", "nannen", "nanpun", "donna", "dore", "doushite",
            "nande");
    /** Romaji particles after which a final question word is attached (「…ha dare」 = 「…は誰」). */
    static final Set<String> ROMAJI_TOPIC = Set.of("ha", "wa", "tte", "toha", "ga", "no", "de", "ni");

    private static final java.util.regex.Pattern QUOTED_UNIT = java.util.regex.Pattern.compile(
            "(?<=^|\\s)(「[^」]*」|『[^』]*』|\"[^\"]*\"|“[^”]*”)(?=$|\\s)");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("[\\s\\u3000]+");
    private static final java.util.regex.Pattern TRAILING_MARKS = java.util.regex.Pattern.compile("[？?！!。\\s]+$");
    private static final java.util.regex.Pattern QUESTION_SUFFIX = java.util.regex.Pattern.compile(
            "(ですか|でしょう|なの|から|まで|だ|か|の)$");
    private static final java.util.regex.Pattern NANI_COUNTER = java.util.regex.Pattern.compile(".*何[^\\s]{1,2}$");
    private static final Set<String> EN_HEY = Set.of("hey", "ok", "okay");
    private static final Set<String> EN_MODALS_YOU = Set.of("can", "could", "would", "will");
    private static final Set<String> EN_WANT = Set.of("want", "need", "'d", "would");
    private static final Set<String> EN_NOUNISH_TAGS = Set.of("NOUN", "PROPN", "X", "PUNCT");
    private static final Set<String> EN_BEFORE_NT = Set.of("does", "do", "did", "is", "was", "are", "were", "wo", "ca",
            "can", "has", "have");

    // ---------------------------------------------------------------------------------------------- entry

    /** A pasted error or program message (guide section 2, U, cues 2 and 4: such units are searched as strings). */
    static final java.util.regex.Pattern MESSAGE = java.util.regex.Pattern.compile(
            "(?i)\\b(error|exception|fatal|warning|uncaught|traceback|errno|failed to)\\b|^[A-Za-z.]*(Error|Exception):|npm ERR!");

    /** Every match of {@link #MESSAGE} contains one of these (ASCII case ignored). */
    private static final String[] MESSAGE_WORDS = {"err", "exception", "fatal", "warning", "uncaught", "traceback",
            "failed to"};

    /**
     * {@code MESSAGE.matcher(text).find()}, with the regular expression run only on a text that contains one of its
     * words: most queries contain none, and the expression (case-insensitive alternatives tried at every position)
     * was about 2.5 % of the server's CPU for an uncached prediction (docs/BENCHMARKS.md, "CPU time per request").
     */
    static boolean isMessage(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = (char) (text.charAt(i) | 0x20); // ASCII lower case (other characters match no first letter)
            if (c == 'e' || c == 'f' || c == 'w' || c == 'u' || c == 't') {
                for (String w : MESSAGE_WORDS) {
                    if (w.charAt(0) == c && text.regionMatches(true, i, w, 0, w.length())) {
                        return MESSAGE.matcher(text).find();
                    }
                }
            }
        }
        return false;
    }

    /**
     * Fills the guide cues; {@code codeLike} is the query's code-like term ratio. An English query that is a pasted
     * message (see {@link #MESSAGE}) or a message with its app's name ({@link #namedMessage}) gets no English sentence
     * cues: its function words and verbs belong to the unit. A query of code-like terms does (guide 4.3: a code unit
     * inside a phrase or sentence counts as one term and the rest decides). Either counts as a unit (Q2) only when no
     * English structure cue is on ({@link #procedure}; for a pasted message only the analyser's auxiliary inversion,
     * "is error 0x80070005 dangerous", can be).
     */
    static void fill(String text, Language language, List<Token> tokens, double codeLike, double[] f) {
        if (Chars.isBlank(text)) {
            return; // the empty query keeps an all-zero vector
        }
        f[Feature.QUOTED_UNIT_WITH_TERMS.ordinal()] = quotedUnitWithTerms(text) ? 1 : 0;
        boolean pasted = isMessage(text);
        boolean message = pasted || codeLike >= 0.25;
        f[Feature.MESSAGE_OR_CODE.ordinal()] = message ? 1 : 0;
        boolean english = language != Language.JA;
        boolean named = english && !message && namedMessage(tokens);
        f[Feature.EN_NAMED_MESSAGE.ordinal()] = named ? 1 : 0;
        if (!english) {
            japanese(text, tokens, f);
        } else if (!pasted && !named) {
            english(tokens, f);
        }
        boolean titleFacet = english && !message && !named && !on(f, Feature.EN_REQUEST) && titleWithFacet(tokens);
        f[Feature.EN_TITLE_FACET.ordinal()] = titleFacet ? 1 : 0;
        if (titleFacet || f[Feature.FULLY_QUOTED.ordinal()] > 0 || f[Feature.QUOTED_UNIT_WITH_TERMS.ordinal()] > 0) {
            // the words inside a quoted unit or a title do not count (guide section 2, U): no sentence form
            for (Feature sentence : UNIT_CLEARED) {
                f[sentence.ordinal()] = 0;
            }
        }
        int label = procedure(text, language, f);
        f[Feature.GUIDE_KEYWORD.ordinal()] = label == 0 ? 1 : 0;
        f[Feature.GUIDE_SEMANTIC.ordinal()] = label == 1 ? 1 : 0;
        f[Feature.GUIDE_HYBRID.ordinal()] = label == 2 ? 1 : 0;
    }

    private static boolean on(double[] f, Feature feature) {
        return f[feature.ordinal()] > 0;
    }

    /**
     * The guide's decision procedure (section 3, Q1 to Q7) approximated from the features: 0 keyword, 1 semantic,
     * 2 hybrid. The first question that matches decides.
     */
    static int procedure(String text, Language language, double[] f) {
        boolean ja = language == Language.JA;
        // Q1 search syntax, Q2 a unit (message, code, quoted unit) with bare terms
        boolean structure = on(f, Feature.EN_REQUEST) || on(f, Feature.EN_WH_FINITE) || on(f, Feature.EN_AUX_INVERSION)
                || on(f, Feature.EN_SUBJECT_VERB) || on(f, Feature.EN_FUNCTION_WORD_JOIN) || on(f, Feature.EN_TASK_VERB);
        if (on(f, Feature.BOOLEAN_OPERATOR) || on(f, Feature.FIELD_SYNTAX) || on(f, Feature.FULLY_QUOTED)
                || on(f, Feature.MESSAGE_OR_CODE) && !structure || on(f, Feature.QUOTED_UNIT_WITH_TERMS)
                || on(f, Feature.EN_NAMED_MESSAGE) || on(f, Feature.EN_TITLE_FACET)) {
            return 0;
        }
        // Q3 request
        if (on(f, Feature.EN_REQUEST) || ja && on(f, Feature.JA_REQUEST_ENDING)) {
            return 1;
        }
        // Q4 question
        if (!ja && (on(f, Feature.EN_WH_FINITE) || on(f, Feature.EN_AUX_INVERSION))
                || ja && (on(f, Feature.JA_QUESTION_ENDING) || on(f, Feature.JA_ATTACHED_QUESTION_WORD)
                        || on(f, Feature.TRAILING_QUESTION_MARK) && on(f, Feature.JA_CONNECTED_CLAUSE)
                        && on(f, Feature.JA_PARTICLE_RATIO))) {
            return 1;
        }
        // Q5 statement
        if (!ja && on(f, Feature.EN_SUBJECT_VERB)
                || ja && (on(f, Feature.JA_POLITE)
                        || on(f, Feature.JA_CONNECTED_CLAUSE) && on(f, Feature.JA_PARTICLE_RATIO))) {
            return 1;
        }
        // Q6 any structure
        String t = text.strip();
        if (ja && (on(f, Feature.JA_PARTICLE_RATIO) || on(f, Feature.JA_INTENT_NOUN_TERM)
                || on(f, Feature.JA_INTERROGATIVE) || on(f, Feature.JA_SPACED_PREDICATE)
                || on(f, Feature.JA_JUDGEMENT_END) || on(f, Feature.TRAILING_QUESTION_MARK)
                || on(f, Feature.JA_PREDICATE_ENDING) || t.endsWith("とは") || t.endsWith("って")
                || t.endsWith("について"))) {
            return 2;
        }
        if (!ja && (on(f, Feature.EN_FUNCTION_WORD_JOIN) || on(f, Feature.EN_TASK_VERB)
                || on(f, Feature.EN_WH_WORD_RATIO) || on(f, Feature.TRAILING_QUESTION_MARK))) {
            return 2;
        }
        return 0; // Q7 bare terms
    }

    /** A quoted span (a message or title, section 2 U) and something outside it that is not a sentence. */
    static boolean quotedUnitWithTerms(String text) {
        // the quoted span must stand apart (a space or the end on both sides): 「結果整合性」とは… is a sentence
        if (text.indexOf('「') < 0 && text.indexOf('『') < 0 && text.indexOf('"') < 0 && text.indexOf('“') < 0) {
            return false;
        }
        String outside = QUOTED_UNIT.matcher(text).replaceAll(" ");
        if (outside.equals(text)) {
            return false;
        }
        String rest = outside.strip();
        if (rest.isEmpty()) {
            return false;
        }
        int terms = SPACES.split(rest).length;
        return terms <= 4;
    }

    // ---------------------------------------------------------------------------------------------- Japanese

    /** The tokens of each whitespace-separated term, in order (tokens are matched to the text left to right). */
    static List<List<Token>> terms(String text, List<Token> tokens) {
        List<List<Token>> terms = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int pos = 0;
        for (Token t : tokens) {
            int at = text.indexOf(t.text(), pos);
            if (at < 0) {
                current.add(t); // normalised by the tokenizer: keep it in the current term
                continue;
            }
            boolean space = false;
            for (int i = pos; i < at; i++) {
                space |= Chars.isWhitespace(text.charAt(i));
            }
            if (space && !current.isEmpty()) {
                terms.add(current);
                current = new ArrayList<>();
            }
            current.add(t);
            pos = at + t.text().length();
        }
        if (!current.isEmpty()) {
            terms.add(current);
        }
        return terms;
    }

    private static boolean isSymbol(Token t) {
        return t.pos().equals("記号") || !t.isWord() && !t.pos().equals("助詞");
    }

    private static boolean isPredicate(Token t) {
        return t.pos().equals("動詞") || t.pos().equals("形容詞") && !t.text().equals("臭い") || t.pos().equals("助動詞");
    }

    /**
     * Whether a term ends in a predicate: its last word is a verb, adjective or auxiliary, except a verb in its
     * continuative form with nothing after it, which is a noun made from a verb (張り替え, 振り込み, 読み込み).
     */
    private static boolean endsInPredicate(List<Token> c) {
        if (c.isEmpty()) {
            return false;
        }
        Token last = c.get(c.size() - 1);
        if (c.size() >= 2 && last.pos().equals("名詞")) {
            Token before = c.get(c.size() - 2);
            // a noun or na-adjective after は/が is a predicate (「…が面倒」); a verbal noun after が/を is a headline
            // (「決勝が雨で延期」: が, then a verbal noun at the end)
            boolean topic = before.pos().equals("助詞") && (before.text().equals("は") || before.text().equals("が"));
            boolean headline = last.tag().contains("サ変") && hasCaseSubjectOrObject(c);
            return topic || headline;
        }
        if (last.pos().equals("動詞") && !last.text().equals(last.baseForm())
                && (last.tag().contains("自立") || c.size() == 1)) {
            return false;
        }
        return isPredicate(last);
    }

    /** The term's tokens without trailing symbols (？, ！, 。). */
    private static List<Token> content(List<Token> term) {
        int end = term.size();
        while (end > 0 && isSymbol(term.get(end - 1))) {
            end--;
        }
        return term.subList(0, end);
    }

    private static String joined(List<Token> term) {
        StringBuilder sb = new StringBuilder();
        for (Token t : term) {
            sb.append(t.text());
        }
        return sb.toString();
    }

    private static boolean hasCaseSubjectOrObject(List<Token> c) {
        for (Token t : c) {
            if (t.pos().equals("助詞") && (t.text().equals("が") || t.text().equals("を"))) {
                return true;
            }
        }
        return false;
    }

    /** One-character and common particles, whatever the tagger calls them (it tags a spaced で as 接続詞). */
    static final Set<String> JA_PARTICLES = Set.of("で", "に", "を", "が", "は", "へ", "と", "から", "まで", "より", "の",
            "も", "や", "って", "とは");

    private static boolean particle(Token t) {
        return t.pos().equals("助詞") || JA_PARTICLES.contains(t.text());
    }

    /** Whether a term is attached to the next word (section 4.1): a particle or comma ends it, or it is a time word,
     * number or adverb. */
    private static boolean attached(List<Token> term) {
        Token last = term.get(term.size() - 1);
        if (last.text().equals("、") || last.text().equals(",")) {
            return true;
        }
        List<Token> c = content(term);
        if (c.isEmpty()) {
            return false;
        }
        Token l = c.get(c.size() - 1);
        return particle(l) || l.pos().equals("副詞") || l.pos().equals("連体詞")
                || l.tag().contains("副詞可能") || l.tag().contains("数") && c.size() <= 2;
    }

    /** Latin letters and digits only: consecutive such terms are one name ("Uber Eats", "Google Pixel 8"). */
    private static boolean latinName(List<Token> term) {
        for (Token t : term) {
            for (int i = 0; i < t.text().length(); i++) {
                char c = t.text().charAt(i);
                if (!(c < 0x80 && Character.isLetterOrDigit(c))) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean intentNoun(String term) {
        for (String n : JA_INTENT_NOUNS) {
            if (term.endsWith(n)) {
                return true;
            }
        }
        int len = term.length();
        if (len >= 2 && term.charAt(len - 1) == '方' && Chars.isHiragana(term.charAt(len - 2))) {
            return true; // 〜方 after a verb stem: 読み方, 受け方, 行き方
        }
        if (len >= 3 && (term.endsWith("法") || term.endsWith("策"))) {
            for (String not : JA_NOT_INTENT_SUFFIXES) {
                if (term.endsWith(not) && !(not.equals("法") && Chars.isKanji(term.charAt(len - 2))
                        && Chars.isKanji(term.charAt(len - 3)))) {
                    return false;
                }
            }
            return Chars.isKanji(term.charAt(len - 2)); // 予防法, 改善策: after an action noun
        }
        return false;
    }

    private static void japanese(String text, List<Token> tokens, double[] f) {
        List<List<Token>> terms = terms(text, tokens);
        if (terms.isEmpty()) {
            return;
        }
        boolean intent = false;
        for (List<Token> term : terms) {
            String s = joined(content(term));
            intent |= !s.isEmpty() && intentNoun(s);
        }
        f[Feature.JA_INTENT_NOUN_TERM.ordinal()] = intent ? 1 : 0;

        List<Token> last = content(terms.get(terms.size() - 1));
        String lastText = joined(last).toLowerCase(Locale.ROOT);
        f[Feature.JA_JUDGEMENT_END.ordinal()] = terms.size() >= 2 && JA_JUDGEMENT.contains(lastText) ? 1 : 0;

        boolean allAttached = true;
        for (int i = 0; i < terms.size() - 1; i++) {
            // attached: ends in a particle (or adverb, comma ...), or the next term starts with a particle
            allAttached &= attached(terms.get(i)) || particle(terms.get(i + 1).get(0))
                    || latinName(terms.get(i)) && latinName(terms.get(i + 1).subList(0, 1));
        }
        boolean endsInPredicate = endsInPredicate(last);
        f[Feature.JA_CONNECTED_CLAUSE.ordinal()] = endsInPredicate && allAttached ? 1 : 0;
        boolean spacedPredicate = false;
        if (!allAttached) {
            for (List<Token> term : terms) {
                spacedPredicate |= endsInPredicate(content(term));
            }
        }
        f[Feature.JA_SPACED_PREDICATE.ordinal()] = spacedPredicate ? 1 : 0;

        // a final question word: attached to what precedes it, or standing alone as a term (on the surface: the
        // tokenizer splits some, e.g. いつから as い/つ/から)
        String lastTerm = TRAILING_MARKS.matcher(joined(terms.get(terms.size() - 1))).replaceAll("");
        String stem = QUESTION_SUFFIX.matcher(lastTerm).replaceAll("");
        String word = null;
        for (String qw : JA_QUESTION_WORDS) {
            if (stem.endsWith(qw) && (word == null || qw.length() > word.length())) {
                word = qw;
            }
        }
        if (word == null && NANI_COUNTER.matcher(stem).matches() && stem.lastIndexOf('何') >= stem.length() - 3) {
            word = stem.substring(stem.lastIndexOf('何')); // 何歳, 何時, 何円
        }
        boolean attachedQuestion = word != null && stem.length() > word.length();
        boolean standaloneQuestion = word != null && stem.length() == word.length() && terms.size() >= 2;
        f[Feature.JA_ATTACHED_QUESTION_WORD.ordinal()] = attachedQuestion ? 1 : 0;
        f[Feature.JA_STANDALONE_QUESTION_WORD.ordinal()] = standaloneQuestion ? 1 : 0;
    }

    // ---------------------------------------------------------------------------------------------- English

    /** Words that open an on-screen message addressed to the user (guide U, cue 3): "We're having trouble ...". */
    static final Set<String> EN_MESSAGE_STARTERS = Set.of("we", "we're", "we've", "we'll", "your", "you", "you're",
            "you've", "this", "something", "there", "sorry", "unable", "oops", "our");
    /** More words that open a message, only when written with a capital after the name: "GlobalProtect The ...". */
    static final Set<String> EN_MESSAGE_STARTERS_CAPITAL = Set.of("the", "an", "a", "it", "that", "please", "no",
            "cannot", "can't", "could", "failed", "invalid");

    /**
     * Guide U, cue 3: the name of the app, site or device standing beside an on-screen message, before it
     * ("instagram Your account has been suspended": one to three name words, then a clause of its own that starts
     * with a message word and has a verb) or after it ("Your order could not be placed doordash": a message that
     * starts with a capital message word, or has a sentence break, then one to three noun words after its verb or
     * its final stop). Not when the name is the subject ("amazon raises prime price"): the message must open
     * a clause of its own.
     */
    static boolean namedMessage(List<Token> tokens) {
        int n = tokens.size();
        if (n < 4) {
            return false;
        }
        // a name of one to three words, then a message that starts a clause of its own and has a verb
        for (int i = 1; i <= 3 && i < n - 2; i++) {
            Token s = tokens.get(i);
            String x = s.text().toLowerCase(Locale.ROOT).replace('’', '\'');
            boolean capital = Character.isUpperCase(s.text().charAt(0));
            if (!(EN_MESSAGE_STARTERS.contains(x) || capital && EN_MESSAGE_STARTERS_CAPITAL.contains(x))) {
                continue;
            }
            boolean name = true;
            for (int j = 0; j < i && name; j++) {
                Token t = tokens.get(j);
                String y = t.text().toLowerCase(Locale.ROOT);
                name = t.isWord() && !EN_DETERMINERS.contains(y) && !EN_MESSAGE_STARTERS.contains(y.replace('’', '\''))
                        && !EN_SUBJECT_PRONOUNS.contains(y) && !EN_PREPOSITIONS.contains(y)
                        && !EN_CONJUNCTIONS.contains(y) && !EN_WH.contains(y) && !EN_TASK_VERBS.contains(y)
                        && !EN_REQUEST_VERBS.contains(y) && !EN_FILLERS.contains(y) && !EN_WAKE_WORDS.contains(y)
                        && !EN_HEY.contains(y) && !t.pos().equals("AUX")
                        // the tagger reads a lower-case name as a verb ("windows", "chrome"): not a task verb or a form
                        && (!t.pos().equals("VERB") || !y.endsWith("ing") && !y.endsWith("ed") || capital);
            }
            if (name && hasVerb(tokens, i + 1, n)) {
                return true;
            }
        }
        // a message that starts with a capital starter (or has a sentence break), then one to three words of a name
        Token first = tokens.get(0);
        String f0 = first.text().toLowerCase(Locale.ROOT).replace('’', '\'');
        boolean capitalStart = Character.isUpperCase(first.text().charAt(0))
                && (EN_MESSAGE_STARTERS.contains(f0) || EN_MESSAGE_STARTERS_CAPITAL.contains(f0));
        for (int k = 1; k <= 3 && n - k >= 3; k++) {
            int at = n - k; // the name is tokens[at..n)
            boolean name = true;
            for (int j = at; j < n && name; j++) {
                Token t = tokens.get(j);
                name = t.isWord() && (t.pos().equals("NOUN") || t.pos().equals("PROPN") || t.pos().equals("X")
                        || t.pos().equals("NUM") || t.pos().equals("INTJ")); // "... try again. hulu/INTJ"
            }
            if (!name) {
                break;
            }
            Token before = tokens.get(at - 1);
            boolean sentenceBreak = before.text().equals(".") || before.text().equals("!");
            boolean afterVerb = (before.pos().equals("VERB") || before.pos().equals("ADV")) && at >= 2
                    && !EN_DETERMINERS.contains(tokens.get(at - 2).text().toLowerCase(Locale.ROOT));
            if ((sentenceBreak || capitalStart && afterVerb) && hasVerb(tokens, 0, at)) {
                return true;
            }
        }
        return false;
    }

    /** Facet words that mark what precedes them as the title of a work (guide section 2, U, titles). */
    static final Set<String> EN_TITLE_FACETS = Set.of("pdf", "lyrics", "cast", "trailer", "summary", "chapter", "review",
            "reviews", "audiobook", "edition", "season", "episode", "host", "soundtrack");

    /**
     * A title marked by a facet word (guide section 2, U): at least two words, then a facet word, a number or year
     * allowed around it ("how to train your dragon 2025 cast", "cracking the coding interview 6th edition",
     * "where the crawdads sing ending explained"). The title then counts as one unit, so its words make no sentence.
     */
    static boolean titleWithFacet(List<Token> tokens) {
        List<String> w = new ArrayList<>();
        for (Token t : tokens) {
            if (t.isWord()) {
                w.add(t.text().toLowerCase(Locale.ROOT));
            } else if (t.text().equals("?")) {
                return false;
            }
        }
        int end = w.size();
        while (end > 0 && isNumberOrOrdinal(w.get(end - 1))) {
            end--; // "chapter 11", "season 2"
        }
        int facetStart;
        if (end >= 2 && w.get(end - 1).equals("explained") && w.get(end - 2).equals("ending")) {
            facetStart = end - 2;
        } else if (end >= 1 && EN_TITLE_FACETS.contains(w.get(end - 1))) {
            facetStart = end - 1;
        } else {
            return false;
        }
        int titleEnd = facetStart;
        while (titleEnd > 0 && isNumberOrOrdinal(w.get(titleEnd - 1))) {
            titleEnd--; // "... 2025 cast", "... 6th edition"
        }
        if (titleEnd < 2) {
            return false;
        }
        // a facet after a determiner or a preposition is a noun of the sentence, not a label: "is stranger things
        // season 5 the last season", "has severance been renewed for season 3"
        int before = titleEnd - 1;
        if (before >= 1 && EN_FACET_ADJECTIVES.contains(w.get(before))) {
            before--; // "what we do in the shadows final season"
        }
        String b = w.get(before);
        return !EN_REQUEST_VERBS.contains(w.get(0)) && !EN_TASK_VERBS.contains(w.get(0))
                && !EN_DETERMINERS.contains(b) && !EN_PREPOSITIONS.contains(b);
    }

    /** Adjectives that may stand between a title and its facet word. */
    static final Set<String> EN_FACET_ADJECTIVES = Set.of("last", "final", "next", "new", "first", "latest", "full");

    private static boolean isNumberOrOrdinal(String word) {
        int digits = 0;
        while (digits < word.length() && Character.isDigit(word.charAt(digits))) {
            digits++;
        }
        String rest = word.substring(digits);
        return digits > 0 && (rest.isEmpty() || rest.equals("st") || rest.equals("nd") || rest.equals("rd")
                || rest.equals("th") || rest.equals("s"));
    }

    /** One to three words of a bare subject before a headline verb: content words, no function word. */
    private static boolean headlineSubject(List<String> q, List<String> qt, int verbAt) {
        for (int j = 0; j < verbAt; j++) {
            String tag = qt.get(j);
            String w = q.get(j);
            if (EN_DETERMINERS.contains(w) && !w.equals("the") || EN_PREPOSITIONS.contains(w) && !tag.equals("PROPN")
                    && !tag.equals("NOUN") || EN_WH.contains(w) || EN_CONJUNCTIONS.contains(w)
                    || EN_TASK_VERBS.contains(w) && j == 0 || EN_REQUEST_VERBS.contains(w) && j == 0
                    || EN_FINITE_AFTER_WH.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasVerb(List<Token> tokens, int from, int to) {
        for (int j = from; j < to; j++) {
            String p = tokens.get(j).pos();
            if (p.equals("VERB") || p.equals("AUX")) {
                return true;
            }
        }
        return false;
    }

    private static void english(List<Token> tokens, double[] f) {
        List<String> w = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (Token t : tokens) {
            if (t.isWord()) {
                w.add(t.text().toLowerCase(Locale.ROOT).replace('’', '\''));
                tags.add(t.pos());
            }
        }
        if (w.isEmpty()) {
            return;
        }
        // N4: a wake word ("alexa", "hey siri", "ok google") addresses the assistant; the rest is the query
        int start = 0;
        while (start < w.size() - 1 && EN_FILLERS.contains(w.get(start))) {
            start++; // "uh tell me ...", "um what's ..."
        }
        int fillers = start;
        if (w.size() >= start + 2 && EN_HEY.contains(w.get(start))
                && EN_WAKE_WORDS.contains(w.get(start + 1))) {
            start += 2;
        } else if (EN_WAKE_WORDS.contains(w.get(start)) && !w.get(start).equals("google")) {
            start += 1;
        }
        f[Feature.EN_WAKE_WORD.ordinal()] = start > fillers ? 1 : 0;
        List<String> q = w.subList(start, w.size());
        List<String> qt = tags.subList(start, tags.size());
        if (q.isEmpty()) {
            return;
        }
        String w0 = q.get(0);
        String w1 = q.size() > 1 ? q.get(1) : "";
        String w2 = q.size() > 2 ? q.get(2) : "";

        boolean request = w0.equals("please") || w0.equals("kindly")
                || EN_MODALS_YOU.contains(w0) && w1.equals("you")
                || w0.equals("i") && EN_WANT.contains(w1)
                        && (w2.equals("you") || q.size() > 3 && q.get(3).equals("you"))
                || w0.equals("i'd") && w1.equals("like") && w2.equals("you")
                || EN_REQUEST_VERBS.contains(w0) && q.size() > 1 && !(w0.equals("help") && w1.equals("with"))
                        && !(w0.equals("walk") && !w1.equals("me") && !w1.equals("through"))
                || (w1.equals("me") || w1.equals("us")) && (qt.get(0).equals("VERB") || EN_TASK_VERBS.contains(w0))
                || start > 0 && q.size() > 1 && (qt.get(0).equals("VERB") || EN_TASK_VERBS.contains(w0)
                        || EN_ASSISTANT_VERBS.contains(w0));
        f[Feature.EN_REQUEST.ordinal()] = request ? 1 : 0;
        f[Feature.EN_TASK_VERB.ordinal()] = !request && q.size() > 1 && EN_TASK_VERBS.contains(w0)
                && !EN_PREPOSITIONS.contains(w1) ? 1 : 0;

        // Q6a: function words that join something (not inside a context unit, not dangling, not doubled)
        int n = q.size();
        boolean[] unit = new boolean[n];
        for (int i = 0; i + 1 < n; i++) {
            if (q.get(i).equals("near") && q.get(i + 1).equals("me")
                    || q.get(i).equals("this") && EN_CONTEXT_SECOND.contains(q.get(i + 1))
                    || EN_CODE_CONSTRUCTS.contains(q.get(i) + " " + q.get(i + 1))) {
                unit[i] = true;
                unit[i + 1] = true;
            }
        }
        int joining = 0;
        for (int i = 0; i < n; i++) {
            String x = q.get(i);
            boolean negation = EN_NEGATIONS.contains(x) || x.endsWith("n't");
            boolean prepOrConj = EN_PREPOSITIONS.contains(x) || EN_CONJUNCTIONS.contains(x);
            if (unit[i] || !(negation || prepOrConj || EN_DETERMINERS.contains(x))) {
                continue;
            }
            if (prepOrConj && i == n - 1) {
                continue; // dangling at the end: "travel policy for"
            }
            if (prepOrConj && i + 1 < n && (EN_PREPOSITIONS.contains(q.get(i + 1)) || EN_CONJUNCTIONS.contains(q.get(i + 1)))) {
                continue; // two in a row that form no phrase: "aws on in"
            }
            if (EN_DETERMINERS.contains(x) && i > 0 && (EN_PREPOSITIONS.contains(q.get(i - 1)) && i == n - 1)) {
                continue;
            }
            joining++;
        }
        f[Feature.EN_FUNCTION_WORD_JOIN.ordinal()] = Math.min(joining, 3) / 3.0;

        // Romaji Japanese (guide N2): a final question word is a question after a particle, else a question word
        // among terms; a 〜kata / houhou word is an intent noun
        String last = q.get(n - 1);
        boolean romajiQuestion = ROMAJI_QUESTION_WORDS.contains(last) && n >= 2 && ROMAJI_TOPIC.contains(q.get(n - 2));
        boolean romajiStructure = !romajiQuestion && n >= 2 && ROMAJI_QUESTION_WORDS.contains(last)
                || n >= 2 && (last.endsWith("kata") && last.length() > 5 || last.equals("houhou") || last.equals("toha"));
        if (romajiStructure) {
            joining++;
            f[Feature.EN_FUNCTION_WORD_JOIN.ordinal()] = Math.min(joining, 3) / 3.0;
        }

        // Q4: a wh-word followed by a finite verb, anywhere ("jam vs jelly what's the difference")
        boolean whFinite = romajiQuestion;
        for (int i = 0; i < n && !whFinite; i++) {
            String x = q.get(i);
            if (x.endsWith("'s") && EN_WH.contains(x.substring(0, x.length() - 2)) || EN_WH_S_TYPOS.contains(x)) {
                whFinite = true;
            } else if (EN_WH.contains(x) && i + 1 < n) {
                String next = q.get(i + 1);
                whFinite = EN_FINITE_AFTER_WH.contains(next)
                        || !next.equals("to") && qt.get(i + 1).equals("AUX")
                        || i + 2 < n && EN_FINITE_AFTER_WH.contains(q.get(i + 2)) && !q.get(i + 1).equals("to");
            }
        }
        // or a leading auxiliary before its subject: "can college students get food stamps", "is it safe ..."
        whFinite |= n >= 3 && EN_FINITE_AFTER_WH.contains(w0) && !w1.equals("you") && !w0.startsWith("'")
                && !EN_PREPOSITIONS.contains(w1);
        f[Feature.EN_WH_FINITE.ordinal()] = whFinite ? 1 : 0;

        // Q5: a subject followed by a finite verb
        boolean subjectVerb = false;
        for (int i = 0; i < n && !subjectVerb; i++) {
            String x = q.get(i);
            if (EN_SUBJECT_PRONOUNS.contains(x) && i + 1 < n
                    && (qt.get(i + 1).equals("VERB") || qt.get(i + 1).equals("AUX")) && !x.equals("it")) {
                subjectVerb = true;
            } else if (i == 0 && n >= 2 && EN_PRONOUN_VERB_CONTRACTIONS.contains(x)) {
                subjectVerb = true; // the contraction holds the verb: "im so bored", "i'm locked out of my account"
            } else if (i >= 1 && i <= 3 && i + 1 < n && EN_HEADLINE_VERBS.contains(x) && headlineSubject(q, qt, i)
                    && (EN_PARTICLES.contains(q.get(i + 1)) && i + 2 == n
                            || !x.equals("steps") && !EN_PREPOSITIONS.contains(q.get(i + 1)))) {
                subjectVerb = true; // a headline: "beyonce announces new tour dates", "starbucks ceo steps down"
            } else if (EN_ARTICLES.contains(x) && i == 0) {
                // a leading article, its noun phrase, then a finite verb: "the remote end hung up unexpectedly"; the
                // phrase ends at a preposition or "to" ("the best way to cook rice"), a participle before a noun is
                // an adjective (T1: "the 30 year fixed rate just dropped")
                for (int j = 1; j < Math.min(n, 7) && !subjectVerb; j++) {
                    String tag = qt.get(j);
                    if (tag.equals("ADP") || tag.equals("PART") || tag.equals("CCONJ") || tag.equals("SCONJ")
                            || tag.equals("PRON") || EN_WH.contains(q.get(j))) {
                        break;
                    }
                    subjectVerb = j >= 2 && (tag.equals("VERB") || tag.equals("AUX")) && !q.get(j).endsWith("ing")
                            && !(j + 1 < n && qt.get(j + 1).equals("NOUN"));
                }
            } else if (EN_POSSESSIVES.contains(x) && i == 0) {
                for (int j = i + 2; j < Math.min(n, i + 5) && !subjectVerb; j++) {
                    subjectVerb = (qt.get(j).equals("VERB") || qt.get(j).equals("AUX")) && !q.get(j).endsWith("ing")
                            && !qt.get(j - 1).equals("ADP");
                }
            } else if (i >= 1 && i + 1 < n && qt.get(i).equals("VERB") && x.length() > 3 && x.endsWith("s")
                    && !x.endsWith("ss") && EN_NOUNISH_TAGS.contains(qt.get(i - 1))
                    && !EN_PREPOSITIONS.contains(q.get(i + 1))) {
                subjectVerb = true; // a noun, then a third-person verb with an object: "useEffect runs infinitely"
            } else if (i >= 1 && (EN_FINITE_MARKERS.contains(x)
                    || i + 1 < n && q.get(i + 1).equals("n't") && EN_BEFORE_NT.contains(x))
                    && !EN_PREPOSITIONS.contains(q.get(i - 1)) && !EN_DETERMINERS.contains(q.get(i - 1))) {
                subjectVerb = true;
            }
        }
        f[Feature.EN_SUBJECT_VERB.ordinal()] = subjectVerb ? 1 : 0;
    }
}
