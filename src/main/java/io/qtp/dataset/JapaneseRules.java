package io.qtp.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.analysis.Token;
import io.qtp.dataset.QueryTypes.Type;
import io.qtp.dataset.Weighted.Option;

/**
 * Derives labelled Japanese queries from a real Japanese question (a JSQuAD question). Every rule is
 * documented in {@code data/query-types/README.md}; the names returned in {@link Candidate#rule()} are the
 * ones used there.
 *
 * <p>The rules work on "terms": maximal runs of content tokens of the question as Kuromoji (through the
 * project's {@link QueryAnalyzer}) segments it, i.e. compound nouns such as 国際司法裁判所, 6代目松鶴,
 * ISO/TS 16949. Particles, auxiliaries, verbs, adjectives, pronouns, dependent nouns (の, こと) and
 * punctuation end a term.
 *
 * <ul>
 *   <li>keyword = 1 to 4 terms joined by a space, nothing else (no particle, no verb, no question word, no
 *       intent noun such as 方法);
 *   <li>hybrid = terms plus a little structure and no predicate: a question word (「梅雨 何季 一種」), a
 *       noun phrase joined by の/と/における (「6代目松鶴の最後の弟子 笑福亭鶴二」), 「〜とは」, 「〜について」,
 *       「AとBの関係」, or an intent noun (方法, 仕組み, 理由, ...);
 *   <li>semantic = the question itself, the question without its final mark, or a request written around
 *       its terms (「〜について教えてください」).
 * </ul>
 *
 * <p>Each derived keyword and hybrid candidate is analysed again and dropped unless it has the properties
 * of its type ({@link #checkKeyword}, {@link #checkHybrid}).
 */
final class JapaneseRules {

    /** Question words that are nouns/pronouns; a term containing one is a question-word term (何年, 何季). */
    static final Set<String> INTERROGATIVE_NOUNS = Set.copyOf(List.of(
            "何", "なに", "なん", "誰", "だれ", "どこ", "いつ", "どれ", "どちら", "どっち", "いくつ", "いくら", "何処",
            "幾つ"));
    /** Question words that modify a following noun (どの期間, どんな作品). */
    static final Set<String> INTERROGATIVE_ADNOMINALS = Set.copyOf(List.of("どの", "どんな", "どういう", "いかなる"));
    /** Question adverbs: standalone question words. */
    static final Set<String> INTERROGATIVE_ADVERBS = Set.copyOf(List.of("なぜ", "何故", "どう", "どうして", "どうやって", "いかに"));

    /**
     * Intent nouns: nouns that say what the searcher wants to know about the terms (how, why, what it
     * means, the difference). A term list with one of them is hybrid, never keyword.
     */
    static final List<String> INTENT_NOUNS = List.of(
            "方法", "やり方", "仕方", "使い方", "手順", "仕組み", "原因", "理由", "違い", "意味", "対策", "対処法",
            "解決策", "解決方法", "書き方", "作り方", "読み方", "選び方", "調べ方", "見方");

    /** Particle sequences that join two terms into one noun phrase. */
    static final Set<String> LINKS = Set.copyOf(List.of("の", "と", "や", "における", "による", "での", "への", "との", "からの",
            "までの", "に対する", "についての"));

    /** Terms that are too generic to be a search term on their own. */
    static final Set<String> STOP_TERMS = Set.copyOf(List.of(
            "こと", "もの", "ため", "とき", "ところ", "場合", "際", "ほう", "方", "他", "ほか", "等", "など", "よう", "中", "上",
            "後", "前", "頃", "以上", "以下", "以外", "以降", "以前", "一つ", "一", "名", "者", "人", "的", "間", "内", "時",
            "年", "日", "月", "数", "順", "別名", "文中", "字", "種類", "一般", "一種", "通常", "主", "当時", "最初", "最後",
            "現在", "今", "一番", "最も", "唯一", "世界", "全体", "本当", "場所", "名前", "理由", "方法", "目的", "意味", "原因", "部分", "程度", "関係", "形", "際に"));

    private static final Pattern TRAILING_MARKS = Pattern.compile("[？?。．.、!！\\s]+$");
    /** 「…は？7」: digits after the final question mark are an artefact of the source. */
    private static final Pattern DIGIT_ARTEFACT = Pattern.compile("([？?])[0-9０-９]+$");
    private static final Pattern SENTENCE_END = Pattern.compile(".*([？?。か]|は|のは)$");

    enum Kind { CONTENT, NUMERIC, INTERROGATIVE, WEAK }

    /** A term: tokens {@code from..to} (inclusive) of the question. */
    record Term(int from, int to, String text, Kind kind) {
        boolean usable() {
            return kind == Kind.CONTENT || kind == Kind.NUMERIC;
        }
    }

    private final QueryAnalyzer analyzer;

    JapaneseRules(QueryAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** Strips surrounding whitespace and the 「？7」 artefact. */
    static String clean(String question) {
        String q = question.strip().replace('\n', ' ');
        return DIGIT_ARTEFACT.matcher(q).replaceFirst("$1");
    }

    /** All candidates for one question, each type's list in the group's random preference order. */
    Map<Type, List<Candidate>> derive(String question, SplittableRandom rnd) {
        String q = clean(question);
        TokenizedText t = TokenizedText.of(analyzer, q);
        List<Term> terms = terms(t);
        List<Term> usable = distinctUsable(terms);
        List<List<Term>> phrases = nounPhrases(t, terms);
        Term questionWord = terms.stream().filter(x -> x.kind == Kind.INTERROGATIVE).findFirst().orElse(null);

        Map<Type, List<Candidate>> out = new LinkedHashMap<>();
        out.put(Type.SEMANTIC, semantic(q, t, usable, phrases, rnd));
        out.put(Type.KEYWORD, keyword(usable, rnd));
        out.put(Type.HYBRID, hybrid(q, t, terms, usable, phrases, questionWord, rnd));
        return out;
    }

    // ---------------------------------------------------------------------------------------------- terms

    /** Splits the question into terms (see the class comment). */
    static List<Term> terms(TokenizedText t) {
        List<Term> out = new ArrayList<>();
        int n = t.size();
        int i = 0;
        while (i < n) {
            if (INTERROGATIVE_ADVERBS.contains(t.surface(i))) {
                out.add(new Term(i, i, t.surface(i), Kind.INTERROGATIVE));
                i++;
                continue;
            }
            boolean adnominal = INTERROGATIVE_ADNOMINALS.contains(t.surface(i)) && i + 1 < n && startsTerm(t, i + 1);
            if (!adnominal && !startsTerm(t, i)) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && continuesTerm(t, j)) {
                j++;
            }
            int end = j - 1;
            while (end > i && isConnector(t.surface(end)) && !isUnit(t.surface(end))) {
                end--; // a term does not end in ・ or -
            }
            out.add(classify(t, i, end));
            i = j;
        }
        return out;
    }

    private static boolean startsTerm(TokenizedText t, int i) {
        Token tok = t.token(i);
        if (INTERROGATIVE_NOUNS.contains(tok.text())) {
            return true;
        }
        return isContentToken(tok) || "接頭詞".equals(tok.pos());
    }

    private static boolean continuesTerm(TokenizedText t, int j) {
        if (t.gapBefore(j)) {
            // a space continues a term only between Latin/digit words: "ISO/TS 16949", "Google Inc"
            return isAsciiWord(t.surface(j - 1)) && isAsciiWord(t.surface(j)) && isContentToken(t.token(j));
        }
        Token tok = t.token(j);
        if (isConnector(tok.text())) {
            return j + 1 < t.size() && !t.gapBefore(j + 1) && (isContentToken(t.token(j + 1))
                    || isUnit(tok.text()));
        }
        if (isUnit(tok.text())) {
            return true;
        }
        return isContentToken(tok);
    }

    /** A noun that can be part of a term, or a Latin word. */
    static boolean isContentToken(Token tok) {
        String pos = tok.pos();
        String tag = tok.tag();
        if (!hasLetterOrDigit(tok.text())) {
            return false;
        }
        if ("名詞".equals(pos)) {
            return !(tag.contains("非自立") || tag.contains("代名詞") || tag.contains("特殊")
                    || tag.contains("接続詞的") || tag.contains("動詞非自立的"))
                    && !INTERROGATIVE_NOUNS.contains(tok.text());
        }
        if ("記号".equals(pos)) {
            return tag.contains("アルファベット");
        }
        return "未知語".equals(pos);
    }

    /** A core noun: what makes a term a real search term rather than a number, suffix or adverbial noun. */
    private static boolean isCoreToken(Token tok) {
        if (!"名詞".equals(tok.pos())) {
            return "記号".equals(tok.pos()) || "未知語".equals(tok.pos());
        }
        String tag = tok.tag();
        return tag.startsWith("名詞-一般") || tag.startsWith("名詞-固有名詞") || tag.startsWith("名詞-形容動詞語幹")
                || tag.startsWith("名詞-ナイ形容詞語幹")
                || (tag.startsWith("名詞-サ変接続") && hasLetter(tok.text()));
    }

    private static Term classify(TokenizedText t, int from, int to) {
        String text = t.span(from, to);
        boolean interrogative = false;
        boolean core = false;
        boolean digit = false;
        for (int k = from; k <= to; k++) {
            String s = t.surface(k);
            if (INTERROGATIVE_NOUNS.contains(s) || INTERROGATIVE_ADNOMINALS.contains(s)) {
                interrogative = true;
            }
            if (isCoreToken(t.token(k))) {
                core = true;
            }
            if (s.chars().anyMatch(Character::isDigit)) {
                digit = true;
            }
        }
        if (text.endsWith("的") || from == to && t.tag(from).contains("形容動詞語幹")) {
            core = false; // 具体的, 有力: adjectival, not a thing one searches for
        }
        Kind kind;
        if (interrogative) {
            kind = Kind.INTERROGATIVE;
        } else if (core && text.codePointCount(0, text.length()) >= 2 && !STOP_TERMS.contains(text)
                && !INTENT_NOUNS.contains(text)) {
            kind = Kind.CONTENT;
        } else if (digit && !STOP_TERMS.contains(text)) {
            kind = Kind.NUMERIC;
        } else {
            kind = Kind.WEAK;
        }
        return new Term(from, to, text, kind);
    }

    /** Usable terms (content and numeric), first occurrence of each text, in question order. */
    static List<Term> distinctUsable(List<Term> terms) {
        List<Term> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Term x : terms) {
            if (x.usable() && !seen.contains(x.text)) {
                seen.add(x.text);
                out.add(x);
            }
        }
        return out;
    }

    /**
     * Noun phrases of the question: two or more terms joined by a {@link #LINKS} particle sequence
     * (「6代目松鶴の最後の弟子」), no question word, ending in a content term, at most 4 terms / 30 characters.
     */
    static List<List<Term>> nounPhrases(TokenizedText t, List<Term> terms) {
        List<List<Term>> out = new ArrayList<>();
        int i = 0;
        while (i < terms.size()) {
            List<Term> run = new ArrayList<>();
            run.add(terms.get(i));
            int j = i + 1;
            while (j < terms.size() && linked(t, terms.get(j - 1), terms.get(j))) {
                run.add(terms.get(j));
                j++;
            }
            // trim: no question words, no weak term at either end, at most 4 terms
            List<Term> best = null;
            for (int a = 0; a < run.size(); a++) {
                for (int b = run.size() - 1; b > a; b--) {
                    List<Term> cand = run.subList(a, b + 1);
                    if (cand.size() <= 4 && acceptablePhrase(t, cand)) {
                        if (best == null || cand.size() > best.size()) {
                            best = List.copyOf(cand);
                        }
                    }
                }
            }
            if (best != null) {
                out.add(best);
            }
            i = j;
        }
        return out;
    }

    private static boolean acceptablePhrase(TokenizedText t, List<Term> p) {
        if (p.stream().anyMatch(x -> x.kind == Kind.INTERROGATIVE)) {
            return false;
        }
        Term first = p.get(0);
        Term last = p.get(p.size() - 1);
        if (first.kind == Kind.WEAK || last.kind != Kind.CONTENT) {
            return false;
        }
        return t.span(first.from, last.to).length() <= 30;
    }

    private static boolean linked(TokenizedText t, Term a, Term b) {
        if (b.from <= a.to + 1) {
            return false;
        }
        StringBuilder between = new StringBuilder();
        for (int k = a.to + 1; k < b.from; k++) {
            if (!"助詞".equals(t.pos(k)) || t.gapBefore(k)) {
                return false;
            }
            between.append(t.surface(k));
        }
        return !t.gapBefore(b.from) && LINKS.contains(between.toString());
    }

    static String phraseText(TokenizedText t, List<Term> p) {
        return t.span(p.get(0).from, p.get(p.size() - 1).to);
    }

    // ------------------------------------------------------------------------------------------- semantic

    /** Whether a real question looks like a sentence/question (a predicate, a question word or ending). */
    boolean looksLikeQuestion(String q, TokenizedText t) {
        for (Token tok : t.tokens) {
            String pos = tok.pos();
            if ("動詞".equals(pos) || "助動詞".equals(pos) || "形容詞".equals(pos)
                    || INTERROGATIVE_NOUNS.contains(tok.text()) || INTERROGATIVE_ADVERBS.contains(tok.text())
                    || INTERROGATIVE_ADNOMINALS.contains(tok.text())) {
                return true;
            }
        }
        return SENTENCE_END.matcher(q).matches();
    }

    private static final List<String> REQUEST_TEMPLATES = List.of(
            "%sについて教えてください",
            "%sについて教えて",
            "%sについて詳しく知りたいです",
            "%sとは何ですか？",
            "%sとは何ですか",
            "%sについて説明してください",
            "%sはどのようなものですか？",
            "%sについて調べています。わかりやすい資料はありますか？",
            "%sについて簡単に説明してもらえますか",
            "%sのことが知りたいのですが、何を読めばいいですか");
    private static final List<String> PAIR_TEMPLATES = List.of(
            "%sと%sにはどのような関係がありますか？",
            "%sと%sの関係を説明してください",
            "%sと%sはどう関係しているのですか");

    private List<Candidate> semantic(String q, TokenizedText t, List<Term> usable, List<List<Term>> phrases,
                                     SplittableRandom rnd) {
        List<Option<Candidate>> options = new ArrayList<>();
        boolean question = looksLikeQuestion(q, t);
        options.add(new Option<>(new Candidate(q, Type.SEMANTIC, "original"), question ? 0.6 : 0));
        String bare = TRAILING_MARKS.matcher(q).replaceFirst("");
        boolean hadMark = !bare.equals(q) && bare.length() >= 5;
        options.add(new Option<>(new Candidate(bare, Type.SEMANTIC, "ja-no-question-mark"),
                question && hadMark ? 0.15 : 0));
        String subject = requestSubject(t, usable, phrases, rnd);
        String requestText = null;
        if (subject != null) {
            List<Term> things = things(t, usable);
            if (things.size() >= 2 && rnd.nextDouble() < 0.2) {
                int[] two = Weighted.subset(rnd, things.size(), 2);
                requestText = String.format(Weighted.one(rnd, PAIR_TEMPLATES),
                        things.get(two[0]).text, things.get(two[1]).text);
            } else {
                requestText = String.format(Weighted.one(rnd, REQUEST_TEMPLATES), subject);
            }
        }
        options.add(new Option<>(new Candidate(requestText == null ? "" : requestText, Type.SEMANTIC,
                "ja-request"), requestText == null ? 0 : 0.2));
        return Weighted.order(options, rnd);
    }

    /** The thing a request asks about: a noun phrase of the question, or "AのB", or a single term. */
    private static String requestSubject(TokenizedText t, List<Term> usable, List<List<Term>> phrases,
                                         SplittableRandom rnd) {
        List<Term> content = usable.stream().filter(x -> x.kind == Kind.CONTENT).toList();
        if (!phrases.isEmpty() && rnd.nextDouble() < 0.6) {
            return phraseText(t, Weighted.one(rnd, phrases));
        }
        if (content.isEmpty()) {
            return null;
        }
        if (content.size() >= 2 && rnd.nextDouble() < 0.4) {
            int[] two = Weighted.subset(rnd, content.size(), 2);
            return content.get(two[0]).text + "の" + content.get(two[1]).text;
        }
        return Weighted.one(rnd, content).text;
    }

    // -------------------------------------------------------------------------------------------- keyword

    private List<Candidate> keyword(List<Term> usable, SplittableRandom rnd) {
        List<Option<Candidate>> options = new ArrayList<>();
        long content = usable.stream().filter(x -> x.kind == Kind.CONTENT).count();
        if (content > 0) {
            // three independent draws, so that a duplicate or a rejected one has alternatives
            for (int attempt = 0; attempt < 3; attempt++) {
                String k = keywordTerms(usable, rnd);
                if (k != null) {
                    options.add(new Option<>(new Candidate(k, Type.KEYWORD, "ja-content-words"), 1.0 / (attempt + 1)));
                }
            }
        }
        return Weighted.order(options, rnd);
    }

    private static String keywordTerms(List<Term> usable, SplittableRandom rnd) {
        int n = 1 + Weighted.pick(rnd, 0.15, 0.35, 0.35, 0.15);
        n = Math.min(n, usable.size());
        for (int tries = 0; tries < 5; tries++) {
            int[] idx = Weighted.subset(rnd, usable.size(), n);
            List<Term> chosen = new ArrayList<>();
            for (int k : idx) {
                chosen.add(usable.get(k));
            }
            if (chosen.stream().anyMatch(x -> x.kind == Kind.CONTENT)) {
                return join(chosen.stream().map(Term::text).toList(), separator(rnd));
            }
        }
        return null;
    }

    static String separator(SplittableRandom rnd) {
        return rnd.nextDouble() < 0.15 ? "\u3000" : " ";
    }

    static String join(List<String> parts, String sep) {
        return String.join(sep, parts);
    }

    // --------------------------------------------------------------------------------------------- hybrid

    /** Content terms that name a thing: not a single verbal noun (設置, 提供), which reads badly in 「AとBの関係」. */
    static List<Term> things(TokenizedText t, List<Term> usable) {
        return usable.stream().filter(x -> x.kind == Kind.CONTENT
                && !(x.from == x.to && t.tag(x.from).startsWith("名詞-サ変接続"))).toList();
    }

    private List<Candidate> hybrid(String q, TokenizedText t, List<Term> terms, List<Term> usable,
                                   List<List<Term>> phrases, Term questionWord, SplittableRandom rnd) {
        List<Term> content = usable.stream().filter(x -> x.kind == Kind.CONTENT).toList();
        List<Term> things = things(t, usable);
        List<Option<Candidate>> options = new ArrayList<>();

        // ja-terms+question-word: 「梅雨 何季 一種」
        if (questionWord != null && !content.isEmpty() && !INTERROGATIVE_ADVERBS.contains(questionWord.text)) {
            int n = Math.min(usable.size(), 1 + Weighted.pick(rnd, 0.3, 0.45, 0.25));
            int[] idx = Weighted.subset(rnd, usable.size(), n);
            List<Term> chosen = new ArrayList<>();
            for (int k : idx) {
                chosen.add(usable.get(k));
            }
            if (chosen.stream().anyMatch(x -> x.kind == Kind.CONTENT)) {
                chosen.add(questionWord);
                chosen.sort((a, b) -> Integer.compare(a.from, b.from));
                if (rnd.nextDouble() < 0.35) { // users often put the question word last
                    chosen.remove(questionWord);
                    chosen.add(questionWord);
                }
                String s = join(chosen.stream().map(Term::text).toList(), separator(rnd));
                options.add(new Option<>(new Candidate(s, Type.HYBRID, "ja-terms+question-word"), 0.3));
            }
        }

        // ja-noun-phrase: 「6代目松鶴の最後の弟子 笑福亭鶴二」
        if (!phrases.isEmpty()) {
            List<Term> p = Weighted.one(rnd, phrases);
            String np = phraseText(t, p);
            List<Term> others = usable.stream().filter(x -> x.kind == Kind.CONTENT && !p.contains(x)
                    && !np.contains(x.text)).toList();
            boolean longPhrase = p.size() >= 3 || np.length() >= 10;
            String s = np;
            if (!others.isEmpty() && (!longPhrase || rnd.nextDouble() < 0.5)) {
                String other = Weighted.one(rnd, others).text;
                s = rnd.nextBoolean() ? np + separator(rnd) + other : other + separator(rnd) + np;
            }
            options.add(new Option<>(new Candidate(s, Type.HYBRID, "ja-noun-phrase"), 0.25));
        }

        // ja-topic-toha: 「梅雨とは」
        Term topic = topicTerm(t, terms);
        if (topic == null && !content.isEmpty()) {
            topic = content.get(0);
        }
        if (topic != null) {
            final Term tp = topic;
            List<Term> others = content.stream().filter(x -> x != tp && !x.text.equals(tp.text)).toList();
            String s = tp.text + "とは";
            if (!others.isEmpty() && rnd.nextDouble() < 0.3) {
                s = Weighted.one(rnd, others).text + separator(rnd) + s;
            }
            options.add(new Option<>(new Candidate(s, Type.HYBRID, "ja-toha"), 0.1));
        }

        // ja-about: 「梅雨前線の形成について」
        String about = null;
        if (!phrases.isEmpty() && rnd.nextDouble() < 0.6) {
            about = phraseText(t, Weighted.one(rnd, phrases));
        } else if (content.size() >= 2) {
            int[] two = Weighted.subset(rnd, content.size(), 2);
            about = content.get(two[0]).text + "の" + content.get(two[1]).text;
        } else if (!content.isEmpty()) {
            about = content.get(0).text;
        }
        if (about != null) {
            options.add(new Option<>(new Candidate(about + "について", Type.HYBRID, "ja-about"), 0.1));
        }

        // ja-relation: 「AとBの関係」
        if (things.size() >= 2) {
            int[] two = Weighted.subset(rnd, things.size(), 2);
            String s = things.get(two[0]).text + "と" + things.get(two[1]).text + "の関係";
            options.add(new Option<>(new Candidate(s, Type.HYBRID, "ja-relation"), 0.03));
        }

        // ja-terms+intent: terms + an intent noun that fits the question's question word
        String intent = intentFor(q, rnd);
        if (intent != null && !content.isEmpty()) {
            int n = Math.min(content.size(), 1 + Weighted.pick(rnd, 0.4, 0.4, 0.2));
            int[] idx = Weighted.subset(rnd, content.size(), n);
            List<String> parts = new ArrayList<>();
            for (int k : idx) {
                parts.add(content.get(k).text);
            }
            parts.add(intent);
            options.add(new Option<>(new Candidate(join(parts, separator(rnd)), Type.HYBRID, "ja-terms+intent"), 0.3));
        } else if (!content.isEmpty()) {
            // no question word to map: the two most common intent searches, 「A B 違い」 for two terms the
            // question itself coordinates (AとB, AやB), else 「A 意味」
            List<Term> pair = coordinatedPair(t, terms);
            String s;
            if (pair != null) {
                s = rnd.nextBoolean() ? pair.get(0).text + separator(rnd) + pair.get(1).text + separator(rnd) + "違い"
                        : pair.get(0).text + "と" + pair.get(1).text + "の違い";
            } else {
                s = Weighted.one(rnd, content).text + separator(rnd) + "意味";
            }
            options.add(new Option<>(new Candidate(s, Type.HYBRID, "ja-terms+intent"), pair != null ? 0.3 : 0.1));
        }

        // ja-verbal-noun+method: the SPEC's 「ニューラルネットワーク 学習方法」 pattern, only where the question itself
        // has 「AをS」 or 「AのS」 for a verbal noun S (条約を締結する -> 条約 締結方法)
        Term[] objectAndAction = objectAndVerbalNoun(t, terms);
        if (objectAndAction != null) {
            String method = Weighted.one(rnd, List.of("方法", "方法", "の方法", "の仕組み", "手順"));
            String s = objectAndAction[0].text + separator(rnd) + objectAndAction[1].text + method;
            options.add(new Option<>(new Candidate(s, Type.HYBRID, "ja-verbal-noun+method"), 0.1));
        }
        return Weighted.order(options, rnd);
    }

    /** Two content terms the question joins with と or や (coordination), or null. */
    private static List<Term> coordinatedPair(TokenizedText t, List<Term> terms) {
        for (int i = 1; i < terms.size(); i++) {
            Term a = terms.get(i - 1);
            Term b = terms.get(i);
            if (a.kind == Kind.CONTENT && b.kind == Kind.CONTENT && b.from == a.to + 2 && !a.text.equals(b.text)) {
                String between = t.surface(a.to + 1);
                if (("と".equals(between) || "や".equals(between)) && "助詞".equals(t.pos(a.to + 1))) {
                    return List.of(a, b);
                }
            }
        }
        return null;
    }

    /** The term marked as topic by は/とは/って right after it. */
    private static Term topicTerm(TokenizedText t, List<Term> terms) {
        for (Term x : terms) {
            if (x.kind != Kind.CONTENT || x.to + 1 >= t.size()) {
                continue;
            }
            String next = t.surface(x.to + 1);
            String next2 = x.to + 2 < t.size() ? t.surface(x.to + 2) : "";
            if ("は".equals(next) || "って".equals(next) || ("と".equals(next) && "は".equals(next2))) {
                return x;
            }
        }
        return null;
    }

    /** An intent noun that matches the question's own question word, or null. */
    static String intentFor(String q, SplittableRandom rnd) {
        if (q.contains("なぜ") || q.contains("何故") || q.contains("どうして") || q.contains("理由")) {
            return rnd.nextBoolean() ? "理由" : "原因";
        }
        if (q.contains("どのように") || q.contains("どうやって") || q.contains("方法") || q.contains("どうすれば")) {
            return rnd.nextBoolean() ? "方法" : "仕組み";
        }
        if (q.contains("意味")) {
            return "意味";
        }
        if (q.contains("違い") || q.contains("異なる") || q.contains("違う")) {
            return "違い";
        }
        if (q.contains("原因")) {
            return "原因";
        }
        return null;
    }

    /**
     * A content term A followed by を or の and a term that is a single kanji verbal noun S (サ変接続), e.g.
     * 条約を締結, 航空機の製造; null when the question has none.
     */
    private static Term[] objectAndVerbalNoun(TokenizedText t, List<Term> terms) {
        for (int i = 1; i < terms.size(); i++) {
            Term a = terms.get(i - 1);
            Term v = terms.get(i);
            if (a.kind != Kind.CONTENT || v.from != a.to + 2 || v.from != v.to) {
                continue;
            }
            String particle = t.surface(a.to + 1);
            boolean sahen = t.tag(v.from).startsWith("名詞-サ変接続") && v.text.length() >= 2
                    && v.text.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
            if (sahen && ("を".equals(particle) || "の".equals(particle)) && "助詞".equals(t.pos(a.to + 1))) {
                return new Term[] {a, v};
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------- checks

    /**
     * Keyword check on the re-analysed candidate: only terms (nouns, Latin words, numbers) and separators;
     * no particle, auxiliary, verb, adjective, adverb, question word or intent noun, no sentence punctuation.
     */
    boolean checkKeyword(String s) {
        if (s.isBlank() || s.matches(".*[？?。、！!].*")) {
            return false;
        }
        TokenizedText t = TokenizedText.of(analyzer, s);
        for (Token tok : t.tokens) {
            String pos = tok.pos();
            if ("助詞".equals(pos) || "助動詞".equals(pos) || "動詞".equals(pos) || "形容詞".equals(pos)
                    || "副詞".equals(pos) || "連体詞".equals(pos) || "接続詞".equals(pos) || "感動詞".equals(pos)) {
                return false;
            }
            if (isQuestionWord(tok.text())) {
                return false;
            }
        }
        for (String part : s.split("[ \u3000]+")) {
            if (INTENT_NOUNS.stream().anyMatch(part::endsWith)) {
                return false;
            }
        }
        return !t.tokens.isEmpty();
    }

    /**
     * Hybrid check on the re-analysed candidate: no predicate (no auxiliary, no verb, no final particle,
     * no sentence punctuation) and at least one structural element: a linking particle, とは, について, a
     * question word or an intent noun.
     */
    boolean checkHybrid(String s) {
        if (s.isBlank() || s.matches(".*[？?。！!].*")) {
            return false;
        }
        TokenizedText t = TokenizedText.of(analyzer, s);
        boolean structure = false;
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.token(i);
            String pos = tok.pos();
            if ("助動詞".equals(pos) || "動詞".equals(pos) && !tok.tag().contains("非自立")
                    || tok.tag().contains("終助詞") && i == t.size() - 1 && !"は".equals(tok.text())) {
                return false;
            }
            if ("助詞".equals(pos) || isQuestionWord(tok.text())) {
                structure = true;
            }
        }
        if (INTENT_NOUNS.stream().anyMatch(s::contains)) {
            structure = true;
        }
        return structure;
    }

    static boolean isQuestionWord(String s) {
        return INTERROGATIVE_NOUNS.contains(s) || INTERROGATIVE_ADNOMINALS.contains(s)
                || INTERROGATIVE_ADVERBS.contains(s);
    }

    // ------------------------------------------------------------------------------------------ helpers

    static boolean hasLetterOrDigit(String s) {
        return s.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    static boolean hasLetter(String s) {
        return s.codePoints().anyMatch(Character::isLetter);
    }

    private static boolean isAsciiWord(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.'
                || c == '-' || c == '/' || c == '_' || c == ':'));
    }

    /** Symbols kept inside a term: 「グスタフ・マーラー」, 「ISO/TS」, 「HD-1」. */
    private static boolean isConnector(String s) {
        return s.equals("・") || s.equals("-") || s.equals("/") || s.equals("_") || s.equals(".") || s.equals(":")
                || s.equals("＝") || s.equals("=") || isUnit(s);
    }

    /** Units that end a number: 83%, 30℃. */
    private static boolean isUnit(String s) {
        return s.equals("%") || s.equals("％") || s.equals("℃");
    }
}
