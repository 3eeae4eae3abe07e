package io.qtp.analysis;

/**
 * The query features, in vector order: {@code features[f.ordinal()]} holds the value of {@code f}.
 *
 * <p><b>The declaration order is the vector layout that trained models depend on.</b> Never reorder,
 * rename or remove a constant; a change of meaning or order needs a new {@link #SET_VERSION}, which models
 * record so that a model trained on another layout is refused. {@code docs/FEATURES.md} lists the same
 * order with index and family.
 *
 * <p>One layout serves both languages: a feature of the Japanese family is 0 for an English query and
 * vice versa. Every value is finite. Ratios and flags lie in [0, 1]; the four raw counts
 * ({@link #CHAR_COUNT}, {@link #TOKEN_COUNT}, {@link #TERM_COUNT}, {@link #AVG_TOKEN_LENGTH}) are unbounded
 * and each has a bounded twin ({@code *_NORM}) for models that do not scale their inputs.
 *
 * <p>Definitions used below:
 * <ul>
 *   <li><i>text</i>: the query with leading/trailing whitespace and invisible characters removed;
 *   <li><i>counted characters</i>: code points of the text except combining marks, format characters (zero-width space,
 *       bidi marks) and non-whitespace controls, which are skipped by all character statistics;
 *   <li><i>word token</i>: a token of the language's tokenizer (Kuromoji / OpenNLP) that contains a
 *       letter or digit;
 *   <li><i>term</i>: a whitespace-separated piece of the text (for code detection further split where it
 *       switches between ASCII and non-ASCII, so {@code Dockerコンテナ} is two terms).
 * </ul>
 *
 * <table>
 *   <caption>Families</caption>
 *   <tr><th>indices</th><th>family</th><th>language</th></tr>
 *   <tr><td>0-15</td><td>statistical and question form</td><td>both</td></tr>
 *   <tr><td>16-21</td><td>script ratios</td><td>both</td></tr>
 *   <tr><td>22-27</td><td>query syntax</td><td>both</td></tr>
 *   <tr><td>28-47</td><td>Japanese parts of speech, particles, endings</td><td>ja only</td></tr>
 *   <tr><td>48-62</td><td>English stop words, parts of speech, patterns</td><td>en only</td></tr>
 *   <tr><td>63-79</td><td>labelling-guide cues (set 2)</td><td>63 and 76-79 both, 64-69 ja only, 70-75 en only</td></tr>
 *   <tr><td>80-81</td><td>labelling-guide units (set 3)</td><td>en only</td></tr>
 * </table>
 */
public enum Feature {

    // ---------------------------------------------------------------- statistical (both languages)

    /** 1 when the detected language is Japanese, else 0. */
    LANGUAGE_JA,
    /** Number of counted characters (code points), raw: 0..unbounded. */
    CHAR_COUNT,
    /** {@code min(CHAR_COUNT, 200) / 200}: [0, 1]. */
    CHAR_COUNT_NORM,
    /** Number of word tokens, raw: 0..unbounded. */
    TOKEN_COUNT,
    /** {@code min(TOKEN_COUNT, 30) / 30}: [0, 1]. */
    TOKEN_COUNT_NORM,
    /**
     * Number of whitespace-separated terms, raw: 0..unbounded. Differs from {@link #TOKEN_COUNT} mainly for
     * Japanese, where a sentence is one term of many tokens and {@code 東京 天気} is two terms.
     */
    TERM_COUNT,
    /** {@code min(TERM_COUNT, 30) / 30}: [0, 1]. */
    TERM_COUNT_NORM,
    /** Mean length of the word tokens in code points, raw (0 without tokens): 0..unbounded. */
    AVG_TOKEN_LENGTH,
    /** {@code min(AVG_TOKEN_LENGTH, 20) / 20}: [0, 1]. */
    AVG_TOKEN_LENGTH_NORM,
    /** Distinct word tokens (case-insensitive) / word tokens: [0, 1], 0 without tokens. */
    UNIQUE_TOKEN_RATIO,
    /** Characters that are neither letter, digit nor whitespace / counted characters: [0, 1]. */
    SPECIAL_CHAR_RATIO,
    /** Decimal digits (any script, e.g. full-width) / counted characters: [0, 1]. */
    DIGIT_RATIO,
    /** Upper-case letters / letters: [0, 1]. Kana and kanji count as (caseless) letters. */
    UPPERCASE_RATIO,
    /** Whitespace characters (incl. U+3000 and no-break spaces) / counted characters: [0, 1]. */
    WHITESPACE_RATIO,
    /** 1 when the text ends with {@code ?} or {@code ？}: {0, 1}. */
    TRAILING_QUESTION_MARK,
    /**
     * 1 when the query has a question form in its language: a trailing question mark; for Japanese a
     * question ending or an interrogative word ({@link #JA_QUESTION_ENDING}, {@link #JA_INTERROGATIVE});
     * for English auxiliary inversion or a leading wh-word that is not the infinitival "how to ..." /
     * "what to ..." of instructional searches: {0, 1}.
     */
    QUESTION_FORM,

    // ---------------------------------------------------------------- script ratios (both languages)

    /** Kanji / non-whitespace counted characters: [0, 1]. */
    SCRIPT_KANJI,
    /** Hiragana / non-whitespace counted characters: [0, 1]. */
    SCRIPT_HIRAGANA,
    /** Katakana (incl. ー and half-width katakana) / non-whitespace counted characters: [0, 1]. */
    SCRIPT_KATAKANA,
    /** Latin letters (incl. full-width) / non-whitespace counted characters: [0, 1]. */
    SCRIPT_LATIN,
    /** Digits / non-whitespace counted characters: [0, 1]. */
    SCRIPT_DIGIT,
    /** Characters that are neither letter nor digit (punctuation, symbols, emoji) / non-whitespace counted characters: [0, 1]. */
    SCRIPT_SYMBOL,

    // ---------------------------------------------------------------- query syntax (both languages)

    /** 1 when a quoted phrase occurs: a non-empty {@code "..."}, {@code “...”}, {@code 「...」} or {@code 『...』}: {0, 1}. */
    QUOTED_PHRASE,
    /** 1 when the whole text is one quoted phrase, e.g. {@code "connection refused"} or {@code 「機械学習」}: {0, 1}. */
    FULLY_QUOTED,
    /** 1 when an upper-case {@code AND}, {@code OR} or {@code NOT} stands as a term of its own next to another term: {0, 1}. */
    BOOLEAN_OPERATOR,
    /**
     * 1 when a term has field syntax {@code key:value}: an ASCII key starting with a letter, a non-empty
     * value, not a URL ({@code http://...}), not a drive letter ({@code C:\...}), not {@code std::x}: {0, 1}.
     */
    FIELD_SYNTAX,
    /** 1 when a term uses search-operator syntax: {@code +must}, {@code -exclude}, wildcard {@code kube*}, fuzzy {@code term~}: {0, 1}. */
    SEARCH_OPERATOR,
    /**
     * Code-like terms / terms (for Japanese / max(terms, word tokens), because unspaced Japanese makes
     * few terms of many words); here terms are split where the script switches between ASCII and
     * non-ASCII: [0, 1]. Code-like: dotted names ({@code java.lang.Foo},
     * {@code pom.xml}, {@code 3.2.1}), underscores, camelCase or PascalCase with two inner capitals,
     * {@code ::}, {@code ->}, {@code ()}, operators, paths and URLs, CLI flags, error codes
     * ({@code E1234}, {@code ORA-00942}, {@code 0x1F}, the 404 of {@code HTTP 404}). See {@code CodeLikeTerms}.
     */
    CODE_TOKEN_RATIO,

    // ---------------------------------------------------------------- Japanese (0 for English)
    // Ratios are over Japanese word tokens (Kuromoji, IPADIC tags).

    /** 名詞 (nouns, incl. pronouns, suffixes, Latin words) / word tokens: [0, 1]. */
    JA_NOUN_RATIO,
    /** 動詞 (verbs, incl. auxiliary-like 非自立 verbs such as ください) / word tokens: [0, 1]. */
    JA_VERB_RATIO,
    /** 形容詞 / word tokens: [0, 1]. */
    JA_ADJECTIVE_RATIO,
    /** 副詞 / word tokens: [0, 1]. */
    JA_ADVERB_RATIO,
    /** 助詞 (all particles) / word tokens: [0, 1]. */
    JA_PARTICLE_RATIO,
    /** 助動詞 / word tokens: [0, 1]. */
    JA_AUX_VERB_RATIO,
    /** 接続詞 / word tokens: [0, 1]. */
    JA_CONJUNCTION_RATIO,
    /** Content words (名詞 except 非自立 and 代名詞, 動詞-自立, 形容詞-自立, 副詞) / word tokens: [0, 1]. */
    JA_CONTENT_WORD_RATIO,
    /** Function words (助詞, 助動詞, 接続詞, 連体詞, 代名詞, 非自立 nouns/verbs/adjectives) / word tokens: [0, 1]. */
    JA_FUNCTION_WORD_RATIO,
    /** Case particles (格助詞 incl. compounds like について; が を に へ と から より で まで) / word tokens: [0, 1]. */
    JA_CASE_PARTICLE_RATIO,
    /** Topic particles (係助詞: は, も, こそ ...) / word tokens: [0, 1]. */
    JA_TOPIC_PARTICLE_RATIO,
    /** Conjunctive particles (接続助詞 て で ながら ので ば けれども のに ..., and the conditionals たら なら) / word tokens: [0, 1]. */
    JA_CONJUNCTIVE_PARTICLE_RATIO,
    /** Sentence-final particles (終助詞 か な ね よ の ..., か only at the end) / word tokens: [0, 1]. */
    JA_FINAL_PARTICLE_RATIO,
    /** 1 when the query ends in the question particle か (also followed by final particles: かな, かね) or in a final の: {0, 1}. */
    JA_QUESTION_ENDING,
    /** 1 when an interrogative occurs anywhere: 何 なに なん どこ いつ 誰 だれ どの どんな どう なぜ どうして どれ どちら どっち いくら いくつ: {0, 1}. */
    JA_INTERROGATIVE,
    /** 1 for a request: ください/下さい, お願い, て+いただく/いただける/もらう/もらえる/くれる/ほしい, or a bare te-form ending (教えて): {0, 1}. */
    JA_REQUEST_ENDING,
    /** 1 for polite style: です, ます (any inflection, e.g. でしょう, ました), ござる/ございます: {0, 1}. */
    JA_POLITE,
    /** 1 when the last word is a predicate (verb, auxiliary, adjective) or a final particle, i.e. a sentence ending: {0, 1}. */
    JA_PREDICATE_ENDING,
    /** 1 when a conjunction (接続詞: しかし, そして, また ...) occurs: {0, 1}. */
    JA_CONNECTIVE,
    /**
     * Honorific markers, {@code min(count, 3) / 3}: [0, 1]. Markers: the prefixes お ご 御 (接頭詞) and the
     * verbs いらっしゃる おっしゃる なさる くださる 下さる いただく いただける 頂く 頂ける 申す 申し上げる 存じる
     * 参る 伺う 致す いたす ござる 召し上がる.
     */
    JA_HONORIFIC,

    // ---------------------------------------------------------------- English (0 for Japanese)
    // Ratios are over English word tokens (OpenNLP tokens with Universal Dependencies tags).

    /** Stop words (a fixed list of about 200 function words, see {@code EnglishLexicon}; upper-case AND/OR/NOT are operators, not stop words) / word tokens: [0, 1]. */
    EN_STOPWORD_RATIO,
    /** NOUN + PROPN / word tokens: [0, 1]. */
    EN_NOUN_RATIO,
    /** VERB + AUX / word tokens: [0, 1]. */
    EN_VERB_RATIO,
    /** ADJ / word tokens: [0, 1]. */
    EN_ADJECTIVE_RATIO,
    /** ADV / word tokens: [0, 1]. */
    EN_ADVERB_RATIO,
    /** ADP (prepositions) / word tokens: [0, 1]. */
    EN_PREPOSITION_RATIO,
    /** DET / word tokens: [0, 1]. */
    EN_DETERMINER_RATIO,
    /** PRON / word tokens: [0, 1]. */
    EN_PRONOUN_RATIO,
    /** CCONJ + SCONJ / word tokens: [0, 1]. */
    EN_CONJUNCTION_RATIO,
    /** wh-words (what which who whom whose when where why how) / word tokens: [0, 1]. */
    EN_WH_WORD_RATIO,
    /** 1 when the first word is a wh-word ("How do I ...", also "how to ..."): {0, 1}. */
    EN_WH_QUESTION,
    /** 1 for auxiliary inversion: a leading is/are/do/can/should/... followed by a pronoun, noun or determiner ("Is PostgreSQL faster ..."): {0, 1}. */
    EN_AUX_INVERSION,
    /**
     * 1 for a command: a leading request marker ("please", "kindly"); a leading imperative from a fixed
     * list ("explain", "show", "tell", "compare" ...) tagged as a verb or followed by a determiner or
     * pronoun ("list the ...", but not "list of countries"); or any leading base-form VERB followed by a
     * determiner or pronoun ("install the ...", "send me ..."): {0, 1}.
     */
    EN_COMMAND,
    /**
     * 1 for a bare noun phrase: at least one word and no function word doing grammatical work (no stop
     * word, DET, PRON, AUX, PART). Verb tags are tolerated because the tagger often calls a keyword a verb
     * ("weather/NOUN tokyo/VERB"); so are prepositions and conjunctions with no noun phrase after them to
     * govern (the stray "on in" of "debug kubernetes aws on in"), and the operators AND/OR/NOT: {0, 1}.
     */
    EN_NOUN_PHRASE,
    /** 1 when a preposition (ADP) is followed by a noun phrase ("for image recognition", "on the history"): {0, 1}. */
    EN_PREPOSITIONAL_PHRASE,

    // ---------------------------------------------------------------- labelling-guide cues (set 2; GuideCues)
    // Flags that approximate rules of docs/LABELLING.md, section 3, which the families above do not compute.

    /**
     * 1 when a quoted span (「」 『』 "" “”), set apart by spaces, stands beside at most four other terms, e.g. a message
     * or title with the app's name: 「"ご指定の列車は満席です" えきねっと」 (a unit plus terms, guide section 2 U). For
     * such a query, and a fully quoted one, the sentence-form features (QUESTION_FORM, JA_QUESTION_ENDING,
     * JA_REQUEST_ENDING, JA_POLITE, JA_PREDICATE_ENDING, EN_WH_QUESTION, EN_AUX_INVERSION, EN_COMMAND and the
     * sentence cues below) are set to 0: the words of a unit do not count: {0, 1}. Both languages.
     */
    QUOTED_UNIT_WITH_TERMS,
    /**
     * 1 when a whitespace-separated term ends in an intent noun (guide Q6b): 方法 やり方 使い方 手順 仕組み 原因 理由 違い
     * 意味 対策 ... 使い分け 流れ 使い道, a 〜方 after a verb stem (読み方), a 〜法/〜策 after an action noun (予防法,
     * 改善策; not 民法, 療法, 政策 ...): {0, 1}.
     */
    JA_INTENT_NOUN_TERM,
    /** 1 when the last of at least two terms is a judgement word (必要 大丈夫 違法 本当 可能 ...; guide Q6d): {0, 1}. */
    JA_JUDGEMENT_END,
    /**
     * 1 when some term stands alone (only a space after it) and a term ends in a predicate (verb, adjective,
     * auxiliary): a predicate among terms, 「Wi-Fi つながらない」「冷凍ご飯 美味しく 解凍」 (guide Q6d): {0, 1}.
     */
    JA_SPACED_PREDICATE,
    /**
     * 1 when the query ends in a predicate and every term before the last is attached (ends in a particle, adverb
     * or comma): a connected clause even when spaced, 「Docker で PostgreSQL に 接続できない」 (guide Q5): {0, 1}.
     */
    JA_CONNECTED_CLAUSE,
    /**
     * 1 when a final question word (+から/まで/だ/なの/？) is written against what precedes it: 「RAGって何」
     * 「日経平均いくら？」「確定申告はいつから」 (guide Q4): {0, 1}.
     */
    JA_ATTACHED_QUESTION_WORD,
    /** 1 when a final question word stands alone as a term after others: 「京都 紅葉 見頃 いつ」 (guide Q6c): {0, 1}. */
    JA_STANDALONE_QUESTION_WORD,
    /** 1 when the query starts with a wake word: alexa, siri, hey/ok google, hey siri (guide N4): {0, 1}. */
    EN_WAKE_WORD,
    /**
     * 1 for a request to the system (guide Q3): please/kindly, can/could/would/will you, i want/need you to, a request
     * verb first (explain describe summarize compare recommend suggest tell give write rewrite draft translate help
     * teach walk), a verb with me/us as its object, or a wake word followed by a verb (set 3: also a listed
     * assistant verb that the tagger reads as a noun, "alexa order paper towels"): {0, 1}.
     */
    EN_REQUEST,
    /** 1 when the first word is a task verb taking the rest as its object (show find list reset cancel set ...; guide Q6d) and the query is not a request: {0, 1}. */
    EN_TASK_VERB,
    /**
     * Function words that join something (guide Q6a: prepositions incl. near/like/vs/without, articles, and/or/but,
     * not/no/n't, pronouns, this/that/these), not inside the context units "near me", "this week" ..., not dangling
     * at the end, not two prepositions/conjunctions in a row, not inside the name of a language construct (set 3,
     * guide 4.3: "if else", "order by", "left join" ...); plus one for romaji Japanese structure (a final question
     * word among terms "shanai wiki doko", an intent noun "…yarikata", "…houhou"); {@code min(count, 3) / 3}: [0, 1].
     */
    EN_FUNCTION_WORD_JOIN,
    /**
     * 1 for a full question (guide Q4): a wh-word followed by a finite verb anywhere ("what's", "how do i", "jam vs
     * jelly what's the difference"), or a leading auxiliary before its subject ("can college students get food
     * stamps"; not "can you", a request), or romaji Japanese ending in a question word after a particle ("nobel
     * bungakushou ha dare"); set 3 reads "whats", "hows" ... as "what's" (guide N1): {0, 1}.
     */
    EN_WH_FINITE,
    /**
     * 1 for a subject followed by a finite verb (guide Q5): a subject pronoun before a verb ("i need", "you can"),
     * a leading possessive phrase before a verb ("my credit score dropped"), or a noun before won't/doesn't/keeps ...
     * ("galaxy s24 won't charge"); set 3 adds a leading article phrase before a verb ("the remote end hung up"),
     * a headline verb after a bare subject with an object after it ("beyonce announces new tour dates") and a leading
     * pronoun contracted with its verb ("im so tired"): {0, 1}.
     */
    EN_SUBJECT_VERB,
    /**
     * 1 when the query is a program message or code: an error word or prefix (error, exception, fatal, warning,
     * Uncaught, TypeError:, npm ERR! ...) or at least a quarter code-like terms (guide section 2, U). English sentence
     * cues (70-75) are left at 0 for a message; code-like terms keep them (guide 4.3: a code unit inside a sentence is
     * one term): {0, 1}. Both languages. Set 3: a leading command name (git, docker, python ...) no longer counts
     * ("git keeps asking for my password" is a statement).
     */
    MESSAGE_OR_CODE,
    /**
     * The guide's decision procedure (section 3, Q1 to Q7) approximated from the features above: the first question
     * that matches decides. Exactly one of these three is 1 (GuideCues#procedure): keyword (Q1, Q2, Q7): {0, 1}.
     */
    GUIDE_KEYWORD,
    /** The procedure's answer is semantic (Q3 request, Q4 question, Q5 statement): {0, 1}. */
    GUIDE_SEMANTIC,
    /** The procedure's answer is hybrid (Q6 any structure): {0, 1}. */
    GUIDE_HYBRID,

    // ---- feature set 3: two more units of the guide (section 2, U) ----

    /**
     * 1 for an on-screen message with the name of its app, site or device beside it (guide U, cue 3): "instagram Your
     * account has been suspended", "Your order could not be placed doordash"; not when the name is the message's
     * subject. English sentence cues (70-75) are left at 0, as for {@link #MESSAGE_OR_CODE}: {0, 1}.
     */
    EN_NAMED_MESSAGE,
    /**
     * 1 for a title marked by a facet word after it (guide U, titles: pdf, lyrics, cast, trailer, summary, chapter,
     * review, audiobook, edition, season, episode, host, soundtrack, "ending explained"; a number may follow):
     * "how to train your dragon 2025 cast". Not after a request or a leading task verb, nor after a determiner or a
     * preposition ("renewed for season 3", "the last season"). The sentence cues are left at 0, as for a quoted unit:
     * {0, 1}.
     */
    EN_TITLE_FACET;

    /** Version of this layout; stored with every trained model. Bump it on any change of order or meaning. */
    public static final String SET_VERSION = "3";

    private static final int COUNT = values().length;

    /** Number of features, i.e. the vector length. */
    public static int count() {
        return COUNT;
    }
}
