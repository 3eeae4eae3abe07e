package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class QueryAnalysisTest {

    @Test
    void vectorIsCopiedInAndOut() {
        double[] f = new double[Feature.count()];
        f[Feature.TOKEN_COUNT.ordinal()] = 3;
        List<Token> tokens = new ArrayList<>(List.of(new Token("a", "NOUN")));
        QueryAnalysis a = new QueryAnalysis("a", Language.EN, tokens, f);
        f[Feature.TOKEN_COUNT.ordinal()] = 99;
        tokens.clear();
        assertThat(a.feature(Feature.TOKEN_COUNT)).isEqualTo(3.0);
        assertThat(a.tokens()).hasSize(1);
        a.features()[Feature.TOKEN_COUNT.ordinal()] = 42;
        assertThat(a.feature(Feature.TOKEN_COUNT)).isEqualTo(3.0);
        double[] dest = new double[Feature.count() + 2];
        a.copyFeaturesInto(dest, 2);
        assertThat(dest[2 + Feature.TOKEN_COUNT.ordinal()]).isEqualTo(3.0);
    }

    @Test
    void wrongVectorLengthIsRejected() {
        assertThatThrownBy(() -> new QueryAnalysis("a", Language.EN, List.of(), new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalAnalysesAreEqual() {
        assertThat(Analyzers.analyze("vector search")).isEqualTo(Analyzers.analyze("vector search"))
                .hasSameHashCodeAs(Analyzers.analyze("vector search"));
    }

    @Test
    void shortTokenConstructorUsesPosAsTagAndTextAsBaseForm() {
        Token t = new Token("runs", "VERB");
        assertThat(t.tag()).isEqualTo("VERB");
        assertThat(t.baseForm()).isEqualTo("runs");
        assertThat(t.isWord()).isTrue();
        assertThat(new Token("?", "PUNCT").isWord()).isFalse();
    }

    /** The analyser is shared by event-loop threads: concurrent results equal sequential ones. */
    @Test
    void concurrentAnalysisMatchesSequential() throws Exception {
        List<String> queries = List.of("ニューラルネットワークの学習方法について教えてください", "How do I reset my password",
                "PostgreSQL ベクトル検索 インデックス", "machine learning algorithm comparison for image recognition",
                "kubernetes AND (helm OR kustomize) NOT openshift", "東京タワーの高さはどれくらいですか");
        QueryAnalyzer analyzer = Analyzers.shared();
        List<QueryAnalysis> expected = queries.stream().map(analyzer::analyze).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < queries.size(); i++) {
                            if (!analyzer.analyze(queries.get(i)).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
