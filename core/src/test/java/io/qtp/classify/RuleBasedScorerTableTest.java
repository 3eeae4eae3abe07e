package io.qtp.classify;

import static io.qtp.classify.QueryType.HYBRID;
import static io.qtp.classify.QueryType.KEYWORD;
import static io.qtp.classify.QueryType.SEMANTIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.qtp.analysis.Analyzers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule-based scorer on a labelled table of real queries. The labels are what a careful human labeller
 * says by the definitions of docs/LABELLING.md (keyword: bare terms, names, codes; semantic: a sentence,
 * question or request; hybrid: keywords with some structure), not what the scorer outputs. The six
 * examples of the SPEC table are included with their given types.
 *
 * <p>{@link #TABLE} holds the cases the scorer gets right and must keep getting right.
 * {@link #KNOWN_MISSES} holds labelled cases it gets wrong today; they are kept visible rather than
 * dropped, and {@link #knownMissesDoNotGetWorse} fails if more of them go wrong (fix one: move it to the
 * table and lower the bound). {@link #reportOverallAccuracy} prints the overall figure.
 */
class RuleBasedScorerTableTest {

    record Case(QueryType expected, String query) {
        @Override
        public String toString() {
            return expected.label() + ": " + query;
        }
    }

    private static Case c(QueryType expected, String query) {
        return new Case(expected, query);
    }

    static final List<Case> TABLE_JA = List.of(
            c(KEYWORD, "PostgreSQL ベクトル検索 インデックス")   /* SPEC table */,
            c(SEMANTIC, "ニューラルネットワークの学習方法について教えてください")   /* SPEC table */,
            c(HYBRID, "ニューラルネットワーク 学習方法 最適化")   /* SPEC table */,
            c(SEMANTIC, "梅雨とは何季の一種か?"),
            c(SEMANTIC, "東京タワーの高さはどれくらいですか"),
            c(SEMANTIC, "Dockerコンテナのメモリ制限を設定する方法を教えてください"),
            c(KEYWORD, "Docker メモリ制限"),
            c(KEYWORD, "「機械学習」"),
            c(KEYWORD, "東京 天気"),
            c(KEYWORD, "機械学習"),
            c(SEMANTIC, "Pythonで機械学習モデルを作るにはどうすればいいですか"),
            c(SEMANTIC, "Kubernetesのポッドが再起動を繰り返す原因を教えていただけますか"),
            c(KEYWORD, "東京 AND 大阪"),
            c(KEYWORD, "ORA-00942 エラー"),
            c(KEYWORD, "Java 例外処理 ベストプラクティス"),
            c(HYBRID, "Reactでの状態管理")   /* noun phrase joined by particles */,
            c(SEMANTIC, "日本の首都はどこですか"),
            c(HYBRID, "富士山の高さ")   /* noun phrase joined by の */,
            c(SEMANTIC, "なぜ空は青いのか"),
            c(SEMANTIC, "ベクトルデータベースとは何ですか"),
            c(SEMANTIC, "円安が日本経済に与える影響について詳しく説明してください"),
            c(KEYWORD, "スマートフォン 比較"),
            c(KEYWORD, "エラーコード E1234 対処法"),
            c(SEMANTIC, "新幹線で東京から大阪まで何時間かかりますか"),
            c(SEMANTIC, "会議室の予約をお願いします"),
            c(KEYWORD, "猫"),
            c(KEYWORD, "Node.js バージョン 確認"),
            c(HYBRID, "東京駅周辺のおすすめのランチ"),
            c(KEYWORD, "title:機械学習 author:山田"),
            c(SEMANTIC, "この本を読んでみたいと思っていますが、どこで買えますか？"),
            c(SEMANTIC, "雨が降ったら、試合は中止になりますか"),
            c(SEMANTIC, "東京で美味しいラーメン屋を教えて"),
            c(SEMANTIC, "会社を休むとき上司にどう連絡すればよいでしょうか"),
            c(HYBRID, "京都の紅葉の見頃"),
            c(SEMANTIC, "java.lang.OutOfMemoryErrorが発生したときの対処法を教えてください"),
            c(HYBRID, "量子コンピュータ 暗号 影響")   /* several Japanese terms, like the SPEC hybrid example */,
            c(SEMANTIC, "明日の天気はどうなりますか"),
            c(SEMANTIC, "おすすめの本を教えてください"),
            c(KEYWORD, "iPhone 15 価格"),
            c(KEYWORD, "AWS Lambda タイムアウト"),
            c(SEMANTIC, "子供が熱を出したときはどうすればいいですか"),
            c(HYBRID, "大阪から京都への行き方"),
            c(KEYWORD, "エクセル VLOOKUP"),
            c(SEMANTIC, "この薬は食後に飲むべきですか")
    );

    static final List<Case> TABLE_EN = List.of(
            c(KEYWORD, "machine learning algorithm comparison")   /* SPEC table */,
            c(SEMANTIC, "What are the best practices for implementing vector search in PostgreSQL?")   /* SPEC table */,
            c(HYBRID, "machine learning algorithm comparison for image recognition")   /* SPEC table */,
            c(SEMANTIC, "How do I reset my password"),
            c(SEMANTIC, "Is PostgreSQL faster than MySQL"),
            c(SEMANTIC, "Explain the difference between TCP and UDP"),
            c(KEYWORD, "java.lang.OutOfMemoryError heap"),
            c(KEYWORD, "\"connection refused\" nginx"),
            c(KEYWORD, "kubernetes AND (helm OR kustomize) NOT openshift"),
            c(KEYWORD, "author:knuth title:algorithms"),
            c(SEMANTIC, "what is the capital of france"),
            c(HYBRID, "how to configure nginx reverse proxy")   /* instructional "how to": keywords plus structure */,
            c(KEYWORD, "python"),
            c(KEYWORD, "ERR_CONNECTION_REFUSED"),
            c(KEYWORD, "NullPointerException spring boot"),
            c(KEYWORD, "docker compose"),
            c(SEMANTIC, "Why does my docker container keep restarting after a reboot"),
            c(SEMANTIC, "Can you recommend a good book on distributed systems"),
            c(HYBRID, "best laptop for programming 2024"),
            c(HYBRID, "tutorial for beginners on react hooks"),
            c(SEMANTIC, "What's the difference between a process and a thread?"),
            c(SEMANTIC, "Please summarize the main arguments of the paper on transformers"),
            c(KEYWORD, "iphone 15 pro max price"),
            c(SEMANTIC, "I want to learn how to cook Italian food at home"),
            c(SEMANTIC, "Could you show me how to write a unit test in Java"),
            c(HYBRID, "list of countries by population")   /* noun phrase with prepositional phrases */,
            c(HYBRID, "climate change effects on agriculture"),
            c(KEYWORD, "HTTP 404 error"),
            c(KEYWORD, "site:github.com rust async"),
            c(SEMANTIC, "where can I find the nearest pharmacy"),
            c(SEMANTIC, "tell me about the history of the roman empire"),
            c(KEYWORD, "\"to be or not to be\""),
            c(KEYWORD, "pom.xml dependency scope"),
            c(SEMANTIC, "how does garbage collection work in java"),
            c(KEYWORD, "react useEffect cleanup function"),
            c(SEMANTIC, "when was the eiffel tower built"),
            c(KEYWORD, "weather tokyo"),
            c(HYBRID, "comparison of sorting algorithms by time complexity"),
            c(SEMANTIC, "does aspirin interact with ibuprofen"),
            c(HYBRID, "recommendations for improving sleep quality"),
            c(KEYWORD, "NOT deprecated AND java"),
            c(HYBRID, "ORA-00942 table or view does not exist")   /* an error code plus a clause of English */,
            c(KEYWORD, "debug kubernetes aws on in")   /* stray stop words, no grammar */,
            c(KEYWORD, "kubernetes -openshift helm*"),
            c(SEMANTIC, "how can I improve my sleep"),
            c(SEMANTIC, "which programming language should I learn first"),
            c(SEMANTIC, "I forgot my password and cannot log in"),
            c(SEMANTIC, "Give me three ideas for a birthday party"),
            c(KEYWORD, "rust borrow checker"),
            c(KEYWORD, "aws s3 bucket policy"),
            c(KEYWORD, "spring-boot-starter-web 3.2.1"),
            c(KEYWORD, "CVE-2021-44228"),
            c(HYBRID, "side effects of ibuprofen"),
            c(SEMANTIC, "is it safe to eat raw eggs"),
            c(HYBRID, "best practices for rest api design"),
            c(SEMANTIC, "why is the sky blue"),
            c(SEMANTIC, "should I use Kafka or RabbitMQ for event sourcing?"),
            c(HYBRID, "python script to rename files in a folder")
    );

    static final List<Case> TABLE = Stream.concat(TABLE_JA.stream(), TABLE_EN.stream()).toList();

    /**
     * Labelled cases the scorer gets wrong, with why.
     * <ul>
     *   <li>初心者向けのPython入門書 ("Python primer for beginners"): a noun phrase linked by の, like
     *       富士山の高さ, hence hybrid; the scorer says keyword because the Latin term outweighs the one
     *       particle (score about 0.27).
     * </ul>
     */
    static final List<Case> KNOWN_MISSES = List.of(
            c(HYBRID, "初心者向けのPython入門書"));

    /** How many of {@link #KNOWN_MISSES} may be wrong; lower it when one is fixed. */
    static final int KNOWN_MISSES_ALLOWED_WRONG = 1;

    private static final RuleBasedScorer SCORER = new RuleBasedScorer();

    static Stream<Case> table() {
        return TABLE.stream();
    }

    private static Prediction predict(String query) {
        return SCORER.classify(Analyzers.analyze(query));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesLikeAHumanLabeller(Case c) {
        Prediction p = predict(c.query());
        assertThat(p.type()).as("%s (score %.2f)", c.query(), SCORER.score(Analyzers.analyze(c.query())))
                .isEqualTo(c.expected());
        assertThat(p.modelVersion()).isEqualTo(RuleBasedScorer.VERSION);
    }

    @Test
    void tableIsLargeAndCoversAllTypesInBothLanguages() {
        assertThat(TABLE.size()).isGreaterThanOrEqualTo(50);
        for (QueryType t : QueryType.values()) {
            assertThat(TABLE_JA).filteredOn(c -> c.expected() == t).hasSizeGreaterThanOrEqualTo(5);
            assertThat(TABLE_EN).filteredOn(c -> c.expected() == t).hasSizeGreaterThanOrEqualTo(5);
        }
        assertThat(TABLE).extracting(Case::query).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(KNOWN_MISSES.stream().map(Case::query).toList());
    }

    @Test
    void knownMissesDoNotGetWorse() {
        long wrong = KNOWN_MISSES.stream().filter(c -> predict(c.query()).type() != c.expected()).count();
        assertThat(wrong).isLessThanOrEqualTo(KNOWN_MISSES_ALLOWED_WRONG);
    }

    @Test
    void neverKeywordForSemanticOnTheTable() {
        // the SPEC's hard requirement on clear cases: no keyword/semantic confusion
        for (Case c : concat(TABLE, KNOWN_MISSES)) {
            QueryType got = predict(c.query()).type();
            if (c.expected() != HYBRID) {
                assertThat(got).as(c.query()).isNotEqualTo(c.expected() == KEYWORD ? SEMANTIC : KEYWORD);
            }
        }
    }

    @Test
    void reportOverallAccuracy() {
        List<Case> all = concat(TABLE, KNOWN_MISSES);
        List<String> wrong = new ArrayList<>();
        for (Case c : all) {
            Prediction p = predict(c.query());
            if (p.type() != c.expected()) {
                wrong.add(c + " -> " + p.type().label());
            }
        }
        System.out.printf("RuleBasedScorer: %d of %d right (%d ja, %d en in the main table); wrong: %s%n",
                all.size() - wrong.size(), all.size(), TABLE_JA.size(), TABLE_EN.size(), wrong);
        assertThat(all.size() - wrong.size()).isGreaterThanOrEqualTo(TABLE.size());
    }

    private static List<Case> concat(List<Case> a, List<Case> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
