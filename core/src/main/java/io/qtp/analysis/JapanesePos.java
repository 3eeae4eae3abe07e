package io.qtp.analysis;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed Kuromoji (IPADIC) part-of-speech tag such as {@code 助詞-格助詞-一般}: its levels and the
 * word-class decisions the features need. Tags come from a small closed set (about 70 in IPADIC), so
 * each is parsed once and cached; the dictionary hands out the same String instances every time, which
 * makes the lookup a cheap hash probe.
 */
final class JapanesePos {
    static final String NOUN = "名詞";
    static final String VERB = "動詞";
    static final String ADJECTIVE = "形容詞";
    static final String ADVERB = "副詞";
    static final String PARTICLE = "助詞";
    static final String AUX_VERB = "助動詞";
    static final String CONJUNCTION = "接続詞";
    static final String ADNOMINAL = "連体詞";
    static final String PREFIX = "接頭詞";
    static final String UNKNOWN = "未知語";

    private static final ConcurrentHashMap<String, JapanesePos> CACHE = new ConcurrentHashMap<>();

    /** Top level, e.g. 名詞 (interned constant). */
    final String top;
    /** Second level, e.g. 格助詞, or "" when absent. */
    final String sub;
    /** The whole tag. */
    final String tag;
    final boolean dependent;   // 非自立: ください in 教えてください, の in 青いのか
    final boolean pronoun;     // 代名詞: どこ, 何
    final boolean caseParticle;
    final boolean topicParticle;
    final boolean conjunctiveParticle;
    /** 終助詞 proper. */
    final boolean finalParticle;
    /** Tags that are sentence-final only at the end, e.g. 副助詞／並立助詞／終助詞 for か. */
    final boolean maybeFinalParticle;

    private JapanesePos(String tag) {
        this.tag = tag;
        String[] levels = tag.split("-", -1);
        this.top = levels[0].intern();
        this.sub = levels.length > 1 ? levels[1] : "";
        boolean particle = PARTICLE.equals(top);
        this.dependent = tag.contains("非自立");
        this.pronoun = "代名詞".equals(sub);
        this.caseParticle = particle && "格助詞".equals(sub);
        this.topicParticle = particle && "係助詞".equals(sub);
        this.conjunctiveParticle = particle && "接続助詞".equals(sub);
        this.finalParticle = particle && "終助詞".equals(sub);
        this.maybeFinalParticle = particle && !finalParticle && sub.contains("終助詞");
    }

    static JapanesePos of(String tag) {
        if (tag == null || tag.isEmpty()) {
            tag = UNKNOWN;
        }
        JapanesePos p = CACHE.get(tag);
        if (p == null) {
            p = CACHE.computeIfAbsent(tag, JapanesePos::new);
        }
        return p;
    }

    boolean is(String topLevel) {
        return top.equals(topLevel);
    }
}
