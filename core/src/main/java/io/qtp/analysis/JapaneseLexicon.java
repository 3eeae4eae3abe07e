package io.qtp.analysis;

import java.util.Set;

/**
 * The fixed word lists behind the Japanese features. Matched against Kuromoji surfaces or base forms, so
 * that inflections (いただけ, まし, でしょ) are covered by their dictionary form.
 */
final class JapaneseLexicon {
    private JapaneseLexicon() {
    }

    /** Interrogatives (surfaces): the spec's 何 どこ いつ 誰 どの どんな どう なぜ, their kana spellings and near relatives. */
    static final Set<String> INTERROGATIVES = Set.of(
            "何", "なに", "なん", "どこ", "いつ", "誰", "だれ", "どの", "どんな", "どう", "なぜ", "何故",
            "どうして", "どれ", "どちら", "どっち", "いくら", "いくつ");

    /** The spec's case particles; a particle with one of these surfaces counts as case unless Kuromoji says it is topic, conjunctive or final. */
    static final Set<String> CASE_PARTICLES = Set.of("が", "を", "に", "へ", "と", "から", "より", "で", "まで");

    /** Conditionals that IPADIC analyses as auxiliaries (た/だ in 仮定形) although they join clauses like 接続助詞. */
    static final Set<String> CONDITIONAL_AUXILIARIES = Set.of("たら", "だら", "なら", "ったら");

    /** Base forms of polite auxiliaries: です (でしょう, でした), ます (ました, ません). */
    static final Set<String> POLITE_AUXILIARIES = Set.of("です", "ます");

    /** Base forms of polite verbs: ござる (ございます). */
    static final Set<String> POLITE_VERBS = Set.of("ござる");

    /** Base forms that make a request anywhere: ください. */
    static final Set<String> REQUEST_VERBS = Set.of("くださる", "下さる");

    /** Base forms that make a request after a te-form: 教えていただけますか, 教えてもらえる, 教えてくれ, 教えてほしい. */
    static final Set<String> TE_REQUEST_VERBS = Set.of(
            "いただく", "いただける", "頂く", "頂ける", "もらう", "もらえる", "貰う", "貰える", "くれる", "ほしい", "欲しい");

    /** Honorific prefixes (接頭詞). */
    static final Set<String> HONORIFIC_PREFIXES = Set.of("お", "ご", "御");

    /** Base forms of respectful and humble verbs. */
    static final Set<String> HONORIFIC_VERBS = Set.of(
            "いらっしゃる", "おっしゃる", "なさる", "くださる", "下さる", "いただく", "いただける", "頂く", "頂ける",
            "申す", "申し上げる", "存じる", "存ずる", "参る", "伺う", "致す", "いたす", "ござる", "召し上がる");
}
