package io.qtp.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.analysis.Token;
import io.qtp.dataset.QueryTypes.Type;
import io.qtp.dataset.Weighted.Option;

/**
 * Derives labelled English queries from SciFact claims (full sentences) and SciFact corpus titles (mostly
 * noun phrases) and abstracts. Rule names are documented in {@code data/query-types/README.md}.
 *
 * <p>Terms are noun chunks: maximal runs of NOUN/PROPN/ADJ/NUM tokens (OpenNLP UD tags through the
 * project's {@link QueryAnalyzer}), hyphenated words kept together.
 *
 * <ul>
 *   <li>keyword = 1 to 3 chunks, at most 5 words, no function word (checked against
 *       {@link #FUNCTION_WORDS}), often lower-cased;
 *   <li>hybrid = a noun phrase with prepositional phrases or a coordination, no finite verb and no
 *       auxiliary ("regional metastases in colorectal cancer patients", "effect of aspirin on platelet
 *       aggregation"), 3 to 12 words;
 *   <li>semantic = the claim itself, a question made from it ("Is it true that ...?", "Does X ...?"), a
 *       request ("find studies showing that ..."), a sentence title, an abstract's first sentence.
 * </ul>
 */
final class EnglishRules {

    /** Closed-class words: a keyword query has none; a hybrid query has at least one. */
    static final Set<String> FUNCTION_WORDS = Set.copyOf(List.of(
            "a", "an", "the", "of", "in", "on", "for", "to", "with", "by", "from", "at", "into", "onto", "about",
            "among", "after", "before", "during", "between", "against", "without", "within", "through", "via",
            "under", "over", "across", "versus", "vs", "vs.", "than", "as", "per", "upon", "toward", "towards",
            "and", "or", "but", "nor", "if", "whether", "that", "which", "who", "whom", "whose", "what", "when",
            "where", "why", "how", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
            "has", "have", "had", "can", "could", "will", "would", "shall", "should", "may", "might", "must",
            "not", "no", "it", "its", "this", "these", "those", "their", "they", "them", "we", "our", "you", "your",
            "i", "my", "me", "he", "she", "his", "her", "there", "here", "so", "such"));

    static final Set<String> AUXILIARIES = Set.copyOf(List.of("is", "are", "was", "were", "be", "been", "being", "am", "do",
            "does", "did", "has", "have", "had", "can", "could", "will", "would", "shall", "should", "may", "might",
            "must"));

    /** Prepositions that link two noun chunks into one noun phrase. */
    static final Set<String> PREPOSITIONS = Set.copyOf(List.of("of", "in", "for", "with", "on", "by", "from", "to", "among",
            "after", "during", "between", "against", "without", "within", "at", "through", "via", "under", "over",
            "across", "versus", "vs", "vs.", "into", "following", "compared"));

    /** Adjectives that quantify rather than describe; dropped at the start of a chunk. */
    static final Set<String> WEAK_MODIFIERS = Set.copyOf(List.of("other", "several", "many", "more", "most", "less", "fewer",
            "such", "same", "certain", "various", "few", "much", "some", "only", "any", "each", "all", "both",
            "significant", "significantly", "specific", "similar", "different", "high", "low", "higher", "lower",
            "greater", "large", "small", "new"));

    /** Nouns too generic to be a search term on their own ("tell me what is known about quality"). */
    static final Set<String> GENERIC_NOUNS = Set.copyOf(List.of("way", "ways", "amount", "level", "levels", "role", "effect",
            "effects", "number", "type", "types", "use", "rate", "rates", "time", "quality", "development",
            "analysis", "study", "studies", "results", "result", "evidence", "part", "form", "forms", "case", "cases",
            "factor", "factors", "increase", "decrease", "change", "changes", "presence", "absence", "lack", "ability",
            "activity", "function", "functions", "process", "mechanism", "mechanisms", "model", "models", "response",
            "production", "impact", "importance", "value", "values", "group", "groups", "patients", "people",
            "individuals", "subjects", "years", "months", "days", "weeks", "times", "cells", "treatment",
            "outcome", "outcomes", "approach", "method", "methods", "system", "systems", "state", "states",
            "variety", "range", "series", "set", "class", "review", "trial", "data", "insights", "perspective",
            "identification", "characterization", "evaluation", "assessment", "association", "relationship"));

    /** Verbs of effect: "A reduces B" gives the hybrid "effect of A on B". */
    static final Set<String> EFFECT_VERBS = Set.copyOf(List.of("increases", "increase", "decreases", "decrease", "reduces",
            "reduce", "affects", "affect", "improves", "improve", "impairs", "impair", "inhibits", "inhibit",
            "promotes", "promote", "prevents", "prevent", "causes", "cause", "induces", "induce", "enhances",
            "enhance", "suppresses", "suppress", "lowers", "lower", "raises", "raise", "alters", "alter", "blocks",
            "block", "activates", "activate", "attenuates", "attenuate", "increased", "reduced", "decreased",
            "improved", "inhibited", "induced", "enhanced", "impaired"));
    static final Set<String> ROLE_VERBS = Set.copyOf(List.of("regulates", "regulate", "mediates", "mediate", "modulates",
            "modulate", "controls", "control", "drives", "drive", "determines", "determine"));

    /**
     * Third-person verb forms that the tagger, trained on ordinary sentences, often tags NOUN in scientific
     * claims and titles ("Tonic signaling from the scFv prevents/NOUN constitutive stimulation"). After a
     * noun they are re-tagged VERB before the rules run.
     */
    static final Set<String> VERBS_3SG = Set.copyOf(List.of(
            "affects", "inhibits", "reveals", "prevents", "occurs", "causes", "increases", "reduces", "induces",
            "promotes", "regulates", "mediates", "requires", "determines", "protects", "interacts", "contributes",
            "correlates", "leads", "drives", "controls", "enhances", "suppresses", "impairs", "improves",
            "activates", "blocks", "alters", "modulates", "raises", "lowers", "decreases", "binds", "encodes",
            "triggers", "limits", "predicts", "involves", "confers", "restores", "enables", "facilitates",
            "represses", "recruits", "maintains", "depends", "exhibits", "accelerates", "attenuates", "augments",
            "abolishes", "disrupts", "exacerbates", "governs", "identifies", "links", "mimics", "orchestrates",
            "precedes", "predisposes", "reprograms", "rescues", "reverses", "sensitizes", "stabilizes",
            "stimulates", "sustains", "underlies", "undergoes", "upregulates", "downregulates", "worsens", "lacks",
            "possesses", "contains", "displays", "demonstrates", "shows", "associates", "coordinates", "couples",
            "defines", "directs", "elevates", "impacts", "influences", "initiates", "localizes", "marks",
            "prolongs", "relieves", "shapes", "signals", "specifies", "supports", "targets", "precipitates", "portends",
            "ameliorates", "infects", "fails", "remains", "becomes", "appears", "produces", "requires"));
    /** {@link #VERBS_3SG} without the forms that are also common plural nouns. */
    static final Set<String> STRICT_VERBS_3SG;

    static {
        Set<String> strict = new java.util.HashSet<>(VERBS_3SG);
        strict.removeAll(List.of("marks", "targets", "signals", "links", "shows", "shapes", "supports", "controls",
                "drives", "impacts", "influences", "couples", "forms", "results", "blocks", "limits", "increases",
                "decreases", "causes", "displays", "lacks", "associates", "triggers", "rescues", "directs"));
        STRICT_VERBS_3SG = Set.copyOf(strict);
    }

    /** Base forms that are not nouns, re-tagged VERB after a noun ("Helminths interfere with ..."). */
    static final Set<String> VERBS_BASE = Set.copyOf(List.of(
            "inhibit", "induce", "promote", "prevent", "reduce", "impair", "enhance", "suppress", "regulate",
            "mediate", "require", "exhibit", "possess", "maintain", "occur", "bind", "encode", "confer",
            "predispose", "exacerbate", "undergo", "exert", "accumulate", "interact", "contribute", "correlate",
            "activate", "attenuate", "affect", "alter", "protect", "determine", "reveal", "contain", "facilitate",
            "interfere", "ameliorate", "restore", "stimulate", "acquire", "develop", "remain", "become",
            "localize", "enable", "govern", "encourage", "translocate", "elicit", "potentiate", "abrogate",
            "antagonize", "mitigate", "underlie"));

    private static final Set<String> IRREGULAR_PAST = Set.copyOf(List.of("led", "found", "made", "took", "had", "did", "was",
            "were", "became", "began", "brought", "gave", "went", "got", "grew", "kept", "left", "lost", "met",
            "paid", "ran", "saw", "showed", "shown", "sent", "set", "spent", "stood", "told", "thought", "won",
            "held", "felt", "fell", "rose", "put", "cut"));

    private static final Pattern FINAL_PERIOD = Pattern.compile("[.。]+\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(?:[A-Z][A-Z /&]{2,}[A-Z](?::|\\s)\\s*)+");
    private static final Pattern SENTENCE_SPLIT = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");

    private final QueryAnalyzer analyzer;

    EnglishRules(QueryAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** A noun chunk: tokens {@code from..to} (inclusive) and its text. */
    record Chunk(int from, int to, String text, boolean nominal) {
        int words() {
            return text.split("\\s+").length;
        }
    }

    // ------------------------------------------------------------------------------------------- claims

    /** ModelCandidates for one SciFact claim, each type's list in the group's random preference order. */
    Map<Type, List<Candidate>> deriveFromClaim(String claim, SplittableRandom rnd) {
        String c = claim.strip();
        TokenizedText t = tag(c);
        List<Chunk> chunks = chunks(t);
        Map<Type, List<Candidate>> out = new LinkedHashMap<>();
        out.put(Type.SEMANTIC, claimSemantic(c, t, chunks, rnd));
        out.put(Type.KEYWORD, keyword(chunks, rnd, "en-content-words"));
        // a claim is a sentence: when no verb or auxiliary is tagged, the tagger took the verb for a noun
        // ("Autophagy declines/NOUN in aged organisms") and a span could contain it; no hybrid then
        boolean verbSeen = t.tokens.stream().anyMatch(x -> "VERB".equals(x.pos()) || "AUX".equals(x.pos()));
        out.put(Type.HYBRID, verbSeen ? hybrid(t, chunks, rnd, false) : List.of());
        return out;
    }

    private List<Candidate> claimSemantic(String c, TokenizedText t, List<Chunk> chunks, SplittableRandom rnd) {
        List<Option<Candidate>> options = new ArrayList<>();
        // SciFact claims are single declarative sentences by construction; only very short ones are left out
        boolean sentence = words(c) >= 4;
        if (!sentence) {
            return List.of();
        }
        String body = FINAL_PERIOD.matcher(c).replaceFirst("");
        String lowered = lowerFirst(t, body);
        options.add(new Option<>(new Candidate(c, Type.SEMANTIC, "original"), 0.6));
        if (!body.equals(c)) {
            options.add(new Option<>(new Candidate(body, Type.SEMANTIC, "en-no-final-period"), 0.1));
        }
        String isItTrue = "Is it true that " + lowered + (rnd.nextDouble() < 0.3 ? "" : "?");
        options.add(new Option<>(new Candidate(isItTrue, Type.SEMANTIC, "en-is-it-true"), 0.1));
        String yesNo = yesNoQuestion(tag(body), rnd);
        if (yesNo != null) {
            options.add(new Option<>(new Candidate(yesNo, Type.SEMANTIC, "en-yes-no-question"), 0.2));
        }
        String request = String.format(Weighted.one(rnd, EVIDENCE_TEMPLATES), lowered);
        options.add(new Option<>(new Candidate(request, Type.SEMANTIC, "en-evidence-request"), 0.15));
        return Weighted.order(options, rnd);
    }

    private static final List<String> EVIDENCE_TEMPLATES = List.of(
            "what is the evidence that %s",
            "Is there evidence that %s?",
            "Find studies showing that %s.",
            "explain whether %s",
            "Do any studies show that %s?",
            "I read that %s. Is that correct?",
            "has it been shown that %s",
            "Show me papers reporting that %s");

    /**
     * "X is associated with Y" -> "Is X associated with Y?"; "X reduces Y" -> "Does X reduce Y?". Only for
     * a simple subject (no verb, pronoun, clause or comma before the first verb); null otherwise.
     */
    String yesNoQuestion(TokenizedText t, SplittableRandom rnd) {
        int v = -1;
        for (int i = 0; i < t.size(); i++) {
            String pos = t.pos(i);
            if ("AUX".equals(pos) || "VERB".equals(pos)) {
                v = i;
                break;
            }
            if ("PRON".equals(pos) || "SCONJ".equals(pos) || "PART".equals(pos) || ",".equals(t.surface(i))
                    || ";".equals(t.surface(i))) {
                return null;
            }
        }
        if (v < 1 || v > 12 || v + 1 >= t.size()) {
            return null;
        }
        String verb = t.surface(v);
        String lower = verb.toLowerCase(Locale.ROOT);
        String subject = t.span(0, v - 1);
        String rest = t.span(v + 1, t.size() - 1);
        if (rest.startsWith("n't") || rest.startsWith("'")) {
            return null;
        }
        subject = lowerFirst(t, subject);
        String head;
        if ("AUX".equals(t.pos(v))) {
            if (!AUXILIARIES.contains(lower)) {
                return null;
            }
            head = capitalize(lower) + " " + subject + " " + rest;
        } else {
            if (lower.endsWith("ing") || lower.endsWith("ed") || IRREGULAR_PAST.contains(lower) || !verb.equals(lower)) {
                return null;
            }
            if (lower.endsWith("s") && !lower.endsWith("ss") && !lower.endsWith("us") && !lower.endsWith("is")) {
                head = "Does " + subject + " " + baseForm(lower) + " " + rest;
            } else {
                head = "Do " + subject + " " + lower + " " + rest;
            }
        }
        return head + (rnd.nextDouble() < 0.25 ? "" : "?");
    }

    static String baseForm(String verb3sg) {
        if (verb3sg.equals("has")) {
            return "have";
        }
        if (verb3sg.equals("does")) {
            return "do";
        }
        if (verb3sg.endsWith("ies") && verb3sg.length() > 4) {
            return verb3sg.substring(0, verb3sg.length() - 3) + "y";
        }
        for (String suffix : List.of("sses", "shes", "ches", "xes", "zes", "oes")) {
            if (verb3sg.endsWith(suffix)) {
                return verb3sg.substring(0, verb3sg.length() - 2);
            }
        }
        return verb3sg.substring(0, verb3sg.length() - 1);
    }

    // ------------------------------------------------------------------------------------ titles, abstracts

    /** ModelCandidates for one SciFact corpus document: its title and the first sentence of its abstract. */
    Map<Type, List<Candidate>> deriveFromDocument(String title, String abstractText, SplittableRandom rnd) {
        String main = mainTitle(title);
        TokenizedText t = tag(main);
        List<Chunk> chunks = chunks(t);
        List<Option<Candidate>> semantic = new ArrayList<>();
        if (isSentence(t) && words(main) >= 5) {
            semantic.add(new Option<>(new Candidate(main, Type.SEMANTIC, "en-title-sentence"), 1.0));
        }
        String first = firstSentence(abstractText);
        if (first != null) {
            semantic.add(new Option<>(new Candidate(first, Type.SEMANTIC, "en-abstract-sentence"), 0.6));
        }
        String subject = questionSubject(t, chunks, rnd);
        if (subject != null) {
            String q = String.format(Weighted.one(rnd, TITLE_QUESTION_TEMPLATES), subject);
            semantic.add(new Option<>(new Candidate(q, Type.SEMANTIC, "en-title-question"), 0.4));
        }
        Map<Type, List<Candidate>> out = new LinkedHashMap<>();
        out.put(Type.SEMANTIC, Weighted.order(semantic, rnd));
        out.put(Type.KEYWORD, keyword(chunks, rnd, "en-title-content-words"));
        List<Candidate> hybrid = new ArrayList<>();
        if (!isSentence(t) && words(main) <= 10 && hasLink(main) && rnd.nextDouble() < 0.4) {
            String h = rnd.nextDouble() < 0.35 ? main.toLowerCase(Locale.ROOT) : main;
            hybrid.add(new Candidate(h, Type.HYBRID, "en-title-noun-phrase"));
        }
        for (Candidate c : hybrid(t, chunks, rnd, true)) {
            hybrid.add(new Candidate(c.query(), c.type(), c.rule().equals("en-noun-phrase+pp") ? "en-title-fragment"
                    : c.rule()));
        }
        out.put(Type.HYBRID, hybrid);
        return out;
    }

    private static final List<String> TITLE_QUESTION_TEMPLATES = List.of(
            "What is known about %s?",
            "what does the research say about %s",
            "Are there studies on %s?",
            "I am looking for papers about %s",
            "Can you summarize the evidence on %s?",
            "Please explain %s in simple terms.",
            "Which recent findings concern %s?",
            "tell me what is known about %s");

    /** The title before a colon when that part has at least four words, without its final period. */
    static String mainTitle(String title) {
        String s = FINAL_PERIOD.matcher(title.strip()).replaceFirst("");
        int colon = s.indexOf(": ");
        if (colon > 0 && s.substring(0, colon).split("\\s+").length >= 4) {
            s = s.substring(0, colon);
        }
        s = s.strip();
        long letters = s.codePoints().filter(Character::isLetter).count();
        long upper = s.codePoints().filter(Character::isUpperCase).count();
        if (letters > 0 && upper > 0.8 * letters) { // "SUBURBANIZATION IN CHINA"
            return s.substring(0, 1) + s.substring(1).toLowerCase(Locale.ROOT);
        }
        return isTitleCase(s) ? sentenceCase(s) : s;
    }

    /** "Plasma Corin as a Predictor of Cardiovascular Events": most longer words after the first capitalised. */
    static boolean isTitleCase(String s) {
        String[] w = s.split("\\s+");
        int longer = 0;
        int capital = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i].length() >= 4 && Character.isLetter(w[i].charAt(0))) {
                longer++;
                if (Character.isUpperCase(w[i].charAt(0))) {
                    capital++;
                }
            }
        }
        return longer >= 2 && capital >= 0.6 * longer;
    }

    /** Lower-cases the words after the first that are capitalised only at their first letter (not acronyms). */
    static String sentenceCase(String s) {
        String[] w = s.split(" ", -1);
        for (int i = 1; i < w.length; i++) {
            w[i] = lowerFirstWord(w[i]);
        }
        return String.join(" ", w);
    }

    private String questionSubject(TokenizedText t, List<Chunk> chunks, SplittableRandom rnd) {
        List<String> spans = nounPhraseSpans(t, chunks, 10);
        if (!spans.isEmpty() && rnd.nextDouble() < 0.7) {
            return lowerFirstWord(Weighted.one(rnd, spans));
        }
        List<Chunk> nominal = chunks.stream().filter(Chunk::nominal).toList();
        if (nominal.isEmpty()) {
            return null;
        }
        return lowerFirstWord(Weighted.one(rnd, nominal).text);
    }

    /** The first sentence of an abstract, without a leading heading, if it is 8 to 30 words and a sentence. */
    String firstSentence(String abstractText) {
        if (abstractText == null || abstractText.isBlank()) {
            return null;
        }
        String text = HEADING.matcher(abstractText.strip()).replaceFirst("");
        String[] sentences = SENTENCE_SPLIT.split(text, 2);
        String s = sentences[0].strip();
        int w = words(s);
        if (w < 8 || w > 30 || !s.endsWith(".") || s.contains("et al") || !balanced(s)
                || s.substring(0, s.length() - 1).contains(". ")
                || !Character.isUpperCase(s.codePointAt(0))) {
            return null;
        }
        return isSentence(tag(s)) ? s : null;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            }
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** Tokens and tags of the project's analyser, with {@link #VERBS_3SG}/{@link #VERBS_BASE} re-tagged. */
    TokenizedText tag(String text) {
        return retag(TokenizedText.of(analyzer, text));
    }

    static TokenizedText retag(TokenizedText t) {
        List<Token> tokens = new ArrayList<>(t.tokens);
        boolean changed = false;
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token tok = tokens.get(i);
            String lower = tok.text().toLowerCase(Locale.ROOT);
            String pos = tok.pos();
            if (!"NOUN".equals(pos) && !"PROPN".equals(pos) && !"ADJ".equals(pos) && !"ADV".equals(pos)) {
                continue;
            }
            Token prev = tokens.get(i - 1);
            boolean afterNoun = "NOUN".equals(prev.pos()) || "PROPN".equals(prev.pos()) || "NUM".equals(prev.pos())
                    || ")".equals(prev.text());
            // an unambiguous -s verb form only needs a word before it that is not a determiner or preposition
            boolean afterWord = afterNoun || JapaneseRules.hasLetter(prev.text())
                    && !Set.of("DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "PRON").contains(prev.pos());
            boolean nextOk = !"PUNCT".equals(tokens.get(i + 1).pos());
            boolean verb = VERBS_3SG.contains(lower) && !lower.equals("marks") && !lower.equals("targets") && afterWord
                    || lower.equals("results") && "in".equalsIgnoreCase(tokens.get(i + 1).text()) && afterNoun
                    || VERBS_BASE.contains(lower) && afterNoun;
            if (verb && nextOk) {
                tokens.set(i, new Token(tok.text(), "VERB", "VERB", tok.baseForm()));
                changed = true;
            }
        }
        return changed ? TokenizedText.of(t.text, tokens) : t;
    }

    // ------------------------------------------------------------------------------------- chunks, rules

    /** Noun chunks of a tagged text, in order. */
    static List<Chunk> chunks(TokenizedText t) {
        List<Chunk> out = new ArrayList<>();
        int n = t.size();
        int i = 0;
        while (i < n) {
            if (!isChunkToken(t, i)) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n) {
                if (isChunkToken(t, j)) {
                    j++;
                } else if (isJoiner(t, j) && j + 1 < n && isChunkToken(t, j + 1)) {
                    j += 2;
                } else {
                    break;
                }
            }
            int from = i;
            while (from < j - 1 && WEAK_MODIFIERS.contains(t.surface(from).toLowerCase(Locale.ROOT))) {
                from++;
            }
            while (from < j - 1 && !Character.isLetterOrDigit(t.surface(from).codePointAt(0))) {
                from++;
            }
            int to = j - 1;
            // a term ends in its head noun: "symptoms of gastroesophageal" is cut, not a term
            boolean nominal = "NOUN".equals(t.pos(to)) || "PROPN".equals(t.pos(to))
                    || "NUM".equals(t.pos(to)) && from < to;
            for (int k = from; k <= to; k++) {
                String w = t.surface(k).toLowerCase(Locale.ROOT);
                if (VERBS_BASE.contains(w) || STRICT_VERBS_3SG.contains(w)) {
                    nominal = false; // a verb the tagger took for a noun: not a clean term
                }
            }
            String text = t.span(from, to);
            if (from == to && GENERIC_NOUNS.contains(text.toLowerCase(Locale.ROOT))) {
                nominal = false; // kept for phrases ("role of X in Y"), never a term on its own
            }
            if (!WEAK_MODIFIERS.contains(text.toLowerCase(Locale.ROOT)) && JapaneseRules.hasLetter(text)
                    && Character.isLetterOrDigit(text.codePointAt(0)) && !text.endsWith("-")) {
                out.add(new Chunk(from, to, text, nominal && !allDigits(text)));
            }
            i = j;
        }
        return out;
    }

    private static boolean isChunkToken(TokenizedText t, int i) {
        String pos = t.pos(i);
        String s = t.surface(i);
        String lower = s.toLowerCase(Locale.ROOT);
        if (FUNCTION_WORDS.contains(lower) && !"PROPN".equals(pos)) {
            return false;
        }
        switch (pos) {
            case "NOUN", "PROPN", "ADJ", "NUM" -> {
                return JapaneseRules.hasLetterOrDigit(s);
            }
            case "SYM" -> {
                return s.equals("%") && i > 0 && !t.gapBefore(i) && "NUM".equals(t.pos(i - 1));
            }
            case "VERB" -> {
                // gerunds inside a noun chunk: "machine learning algorithm", "resonance imaging", "Tonic signaling"
                boolean nextNoun = i + 1 < t.size() && ("NOUN".equals(t.pos(i + 1)) || "PROPN".equals(t.pos(i + 1)));
                boolean prevNoun = i > 0 && ("NOUN".equals(t.pos(i - 1)) || "ADJ".equals(t.pos(i - 1))
                        || "PROPN".equals(t.pos(i - 1)));
                boolean nextEnd = i + 1 >= t.size() || "PUNCT".equals(t.pos(i + 1)) || "ADP".equals(t.pos(i + 1))
                        || "CCONJ".equals(t.pos(i + 1));
                return lower.endsWith("ing") && (nextNoun || prevNoun && nextEnd);
            }
            case "PUNCT" -> {
                // the tokenizer's halves of hyphenated words: "histone-" + "modifying", "IL-" + "15", "E2f" + "-1"
                boolean letters = JapaneseRules.hasLetterOrDigit(s);
                return letters && (s.endsWith("-") && i + 1 < t.size() && !t.gapBefore(i + 1)
                        || s.startsWith("-") && i > 0 && !t.gapBefore(i)
                        || s.codePoints().filter(Character::isLetter).count() >= 2 && !s.endsWith("-"));
            }
            default -> {
                return false;
            }
        }
    }

    /** A hyphen or slash written without spaces between two chunk words: "0-dimensional", "HIV/AIDS". */
    private static boolean isJoiner(TokenizedText t, int j) {
        String s = t.surface(j);
        return (s.equals("-") || s.equals("/")) && !t.gapBefore(j) && j + 1 < t.size() && !t.gapBefore(j + 1);
    }

    private List<Candidate> keyword(List<Chunk> chunks, SplittableRandom rnd, String rule) {
        List<Chunk> nominal = chunks.stream().filter(Chunk::nominal).toList();
        List<Option<Candidate>> options = new ArrayList<>();
        if (nominal.isEmpty()) {
            return List.of();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            String k = keywordChunks(chunks, rnd);
            if (k != null) {
                options.add(new Option<>(new Candidate(k, Type.KEYWORD, rule), 1.0 / (attempt + 1)));
            }
        }
        String base = keywordChunks(chunks, rnd);
        if (base != null && words(base) >= 2) {
            options.add(new Option<>(new Candidate(withStrayStopWords(base, rnd), Type.KEYWORD,
                    "en-content-words+stop-words"), 0.08));
        }
        return Weighted.order(options, rnd);
    }

    private static String keywordChunks(List<Chunk> all, SplittableRandom rnd) {
        List<Chunk> chunks = all.stream().filter(Chunk::nominal).toList();
        if (chunks.isEmpty()) {
            return null;
        }
        int n = Math.min(chunks.size(), 1 + Weighted.pick(rnd, 0.3, 0.5, 0.2));
        for (int tries = 0; tries < 6; tries++) {
            int[] idx = Weighted.subset(rnd, chunks.size(), n);
            List<String> parts = new ArrayList<>();
            boolean nominal = false;
            int words = 0;
            for (int k : idx) {
                Chunk c = chunks.get(k);
                String text = c.text;
                String[] w = text.split("\\s+");
                if (w.length > 4) { // keep the head: the last four words of a long chunk
                    text = String.join(" ", java.util.Arrays.copyOfRange(w, w.length - 4, w.length));
                }
                parts.add(text);
                words += Math.min(w.length, 4);
                nominal |= c.nominal;
            }
            if (nominal && words <= 5) {
                String s = String.join(" ", parts);
                return rnd.nextDouble() < 0.5 ? s.toLowerCase(Locale.ROOT) : s;
            }
            n = Math.max(1, n - 1);
        }
        return null;
    }

    private static final List<String> STRAY_STOP_WORDS = List.of("on", "in", "of", "for", "the", "to", "and",
            "with", "a", "by");
    /** Stop-word pairs that cannot start or join a phrase: two prepositions, or an article before one. */
    private static final List<String> STRAY_PAIRS = List.of("of in", "in of", "for on", "on for", "by of",
            "with for", "the of", "a in", "on in", "to of", "and of", "for the of");

    /**
     * "debug kubernetes aws on in": a keyword list with stop words that join nothing, either dangling at the
     * end or two in a row. Still keyword: the stop words carry no structure.
     */
    static String withStrayStopWords(String keywords, SplittableRandom rnd) {
        String lower = keywords.toLowerCase(Locale.ROOT);
        if (rnd.nextDouble() < 0.7) {
            // dangling at the end: "debug kubernetes aws on in"
            String pair = Weighted.one(rnd, STRAY_PAIRS);
            return lower + " " + (rnd.nextBoolean() ? pair : Weighted.one(rnd, STRAY_STOP_WORDS));
        }
        // two in a row between terms, an order no phrase has: "chronic of in pelvic pain"
        String[] w = lower.split(" ");
        int at = 1 + rnd.nextInt(w.length - 1);
        List<String> out = new ArrayList<>(List.of(w));
        out.add(at, Weighted.one(rnd, STRAY_PAIRS));
        return String.join(" ", out);
    }

    /**
     * Hybrid candidates: noun phrase + prepositional phrase spans of the text, "effect of A on B" from an
     * effect verb, "A and B" from two chunks (claims only: titles have enough spans).
     */
    private List<Candidate> hybrid(TokenizedText t, List<Chunk> chunks, SplittableRandom rnd, boolean fromTitle) {
        List<Option<Candidate>> options = new ArrayList<>();
        List<String> spans = nounPhraseSpans(t, chunks, 10);
        boolean lower = rnd.nextDouble() < 0.35;
        for (String s : spans) {
            options.add(new Option<>(new Candidate(lower ? s.toLowerCase(Locale.ROOT) : s, Type.HYBRID,
                    "en-noun-phrase+pp"), 1.0 / spans.size()));
        }
        String effect = effectPhrase(t, chunks, rnd);
        if (effect != null) {
            options.add(new Option<>(new Candidate(effect, Type.HYBRID, "en-effect-of"), 0.8));
        }
        List<Chunk> nominal = chunks.stream().filter(Chunk::nominal).toList();
        if (nominal.size() >= 2) {
            int[] two = Weighted.subset(rnd, nominal.size(), 2);
            String a = nominal.get(two[0]).text;
            String b = nominal.get(two[1]).text;
            if (!a.equalsIgnoreCase(b) && words(a) + words(b) <= 8) {
                String s = a + " and " + b;
                double w = fromTitle ? 0 : spans.isEmpty() && effect == null ? 0.2 : 0.05;
                options.add(new Option<>(new Candidate(lower ? s.toLowerCase(Locale.ROOT) : s, Type.HYBRID,
                        "en-noun-and-noun"), w));
            }
        }
        return Weighted.order(options, rnd);
    }

    /**
     * Spans "chunk (preposition [determiner] chunk)+" or "chunk and chunk" of 3 to {@code maxWords} words
     * with at least one preposition, cut out of the original text.
     */
    static List<String> nounPhraseSpans(TokenizedText t, List<Chunk> chunks, int maxWords) {
        List<String> out = new ArrayList<>();
        for (int a = 0; a < chunks.size(); a++) {
            boolean prep = false;
            for (int b = a + 1; b < chunks.size(); b++) {
                Chunk prev = chunks.get(b - 1);
                Chunk next = chunks.get(b);
                int k = prev.to + 1;
                if (k >= t.size()) {
                    break;
                }
                String link = t.surface(k).toLowerCase(Locale.ROOT);
                boolean isPrep = PREPOSITIONS.contains(link) && ("ADP".equals(t.pos(k)) || "VERB".equals(t.pos(k))
                        && (link.equals("following") || link.equals("compared")));
                boolean isConj = (link.equals("and") || link.equals("or")) && "CCONJ".equals(t.pos(k));
                if (!isPrep && !isConj) {
                    break;
                }
                if (link.equals("compared") && k + 1 < t.size() && "to".equalsIgnoreCase(t.surface(k + 1))) {
                    k++;
                }
                int after = k + 1;
                if (after < t.size() && Set.of("the", "a", "an").contains(t.surface(after).toLowerCase(Locale.ROOT))) {
                    after++;
                }
                if (after != next.from) {
                    break;
                }
                prep |= isPrep;
                String span = t.span(chunks.get(a).from, next.to);
                int w = words(span);
                if (w > maxWords) {
                    break;
                }
                if (prep && w >= 3 && chunks.get(a).nominal && next.nominal && !out.contains(span)) {
                    out.add(span);
                }
            }
        }
        return out;
    }

    /** "A reduces B" -> "effect of A on B" (or "A effect on B", "impact of A on B", "role of A in B"). */
    private static String effectPhrase(TokenizedText t, List<Chunk> chunks, SplittableRandom rnd) {
        for (int i = 1; i < chunks.size(); i++) {
            Chunk a = chunks.get(i - 1);
            Chunk b = chunks.get(i);
            int v = a.to + 1;
            if (v >= t.size() || !a.nominal || !b.nominal) {
                continue;
            }
            String verb = t.surface(v).toLowerCase(Locale.ROOT);
            int after = v + 1;
            if (after < t.size() && Set.of("the", "a", "an").contains(t.surface(after).toLowerCase(Locale.ROOT))) {
                after++;
            }
            if (after != b.from || words(a.text) > 5 || words(b.text) > 5) {
                continue;
            }
            String x = lowerFirstWord(a.text);
            String y = lowerFirstWord(b.text);
            if (EFFECT_VERBS.contains(verb)) {
                return switch (Weighted.pick(rnd, 0.5, 0.25, 0.25)) {
                    case 0 -> "effect of " + x + " on " + y;
                    case 1 -> x + " effect on " + y;
                    default -> "impact of " + x + " on " + y;
                };
            }
            if (ROLE_VERBS.contains(verb)) {
                return "role of " + x + " in " + y;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------- checks

    /** Keyword check: 1 to 6 words, none of them a function word or a clear verb form, no question mark. */
    static boolean checkKeyword(String s) {
        if (s.isBlank() || s.contains("?")) {
            return false;
        }
        String[] w = s.toLowerCase(Locale.ROOT).split("\\s+");
        if (w.length > 6) {
            return false;
        }
        for (String x : w) {
            if (FUNCTION_WORDS.contains(x) || STRICT_VERBS_3SG.contains(x)) {
                return false;
            }
        }
        return true;
    }

    /** Stray stop-word keyword check: the content words pass {@link #checkKeyword}. */
    static boolean checkStrayStopWords(String s) {
        List<String> content = new ArrayList<>();
        for (String x : s.split("\\s+")) {
            if (!STRAY_STOP_WORDS.contains(x)) {
                content.add(x);
            }
        }
        return !content.isEmpty() && checkKeyword(String.join(" ", content));
    }

    /**
     * Hybrid check: 3 to 12 words, at least one function word, no auxiliary, no pronoun, no question
     * word, not ending like a sentence.
     */
    boolean checkHybridTagged(String s) {
        return checkHybrid(s) && !isSentence(tag(s));
    }

    static boolean checkHybrid(String s) {
        if (s.isBlank() || s.endsWith("?") || s.endsWith(".")) {
            return false;
        }
        String[] w = s.toLowerCase(Locale.ROOT).split("\\s+");
        if (w.length < 3 || w.length > 12) {
            return false;
        }
        boolean function = false;
        for (String x : w) {
            if (AUXILIARIES.contains(x) || STRICT_VERBS_3SG.contains(x) || Set.of("it", "they", "we", "you", "i",
                    "he", "she", "what", "why", "how", "when", "where", "who", "which", "that").contains(x)) {
                return false;
            }
            function |= FUNCTION_WORDS.contains(x);
        }
        return function;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * A sentence: an auxiliary word after the first token ("X is associated with Y"), or a verb form from
     * {@link #VERBS_3SG} / a third-person "-s" verb after a noun and before more words ("X reduces Y"), or a
     * {@link #VERBS_BASE} verb after a noun ("Helminths interfere with Y"). Participles ("-ed",
     * "-ing") do not count: "cells treated with X" is a noun phrase.
     */
    static boolean isSentence(TokenizedText t) {
        for (int i = 1; i + 1 < t.size(); i++) {
            String s = t.surface(i).toLowerCase(Locale.ROOT);
            String pos = t.pos(i);
            String prevPos = t.pos(i - 1);
            String prev = t.surface(i - 1);
            String nextPos = t.pos(i + 1);
            if (AUXILIARIES.contains(s) && !"PUNCT".equals(nextPos)) {
                return true;
            }
            if (!"VERB".equals(pos) || "PUNCT".equals(nextPos)) {
                continue;
            }
            boolean afterNoun = "NOUN".equals(prevPos) || "PROPN".equals(prevPos) || "NUM".equals(prevPos)
                    || ")".equals(prev);
            boolean thirdPerson = VERBS_3SG.contains(s) || s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us")
                    && !s.endsWith("is") && afterNoun;
            boolean base = VERBS_BASE.contains(s) && afterNoun;
            if (thirdPerson || base) {
                return true;
            }
        }
        return false;
    }

    static boolean hasLink(String s) {
        for (String w : s.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (PREPOSITIONS.contains(w) || w.equals("and") || w.equals("or")) {
                return true;
            }
        }
        return false;
    }

    static int words(String s) {
        String x = s.strip();
        return x.isEmpty() ? 0 : x.split("\\s+").length;
    }

    /** Lower-cases the first letter unless the first word is a name, an acronym or has digits. */
    static String lowerFirst(TokenizedText t, String s) {
        if (t.size() == 0 || "PROPN".equals(t.pos(0))) {
            return s;
        }
        return lowerFirstWord(s);
    }

    /** Lower-cases the first letter of the first word when the rest of that word is lower case. */
    static String lowerFirstWord(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int space = s.indexOf(' ');
        String first = space < 0 ? s : s.substring(0, space);
        if (first.length() < 2 || first.codePoints().skip(1).anyMatch(c -> Character.isUpperCase(c) || Character.isDigit(c))) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean allDigits(String s) {
        return s.codePoints().noneMatch(Character::isLetter);
    }
}
