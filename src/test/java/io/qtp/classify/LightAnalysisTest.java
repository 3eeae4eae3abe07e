package io.qtp.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.training.DataFiles;
import io.qtp.training.LabelledQuery;

/**
 * The simplified analysis of degraded mode ({@code QueryAnalyzer.analyzeLight}: no OpenNLP models for English)
 * under the rule-based scorer, against the full analysis under the same scorer, on the whole held-out test split.
 * Degraded answers may be a little less accurate, never much: the bounds sit just under the figures measured
 * when this was written (printed on every run; docs/RELIABILITY.md).
 */
class LightAnalysisTest {

    private final RuleBasedScorer rules = new RuleBasedScorer();

    @Test
    void rulesOnTheLightAnalysisStayCloseToTheFullAnalysis() throws Exception {
        List<LabelledQuery> test = DataFiles.read(Path.of("data/query-types/test.jsonl"));
        int en = 0;
        int fullRight = 0;
        int lightRight = 0;
        int agree = 0;
        int crossed = 0; // queries that move between keyword and semantic (hybrid on neither side)
        int crossedRight = 0; // of those, ones the full analysis had right
        for (LabelledQuery q : test) {
            if (!"en".equals(q.language())) {
                continue;
            }
            en++;
            QueryAnalysis full = Analyzers.shared().analyze(q.query());
            QueryAnalysis light = Analyzers.shared().analyzeLight(q.query());
            assertThat(light.language()).isEqualTo(full.language());
            assertThat(light.features()).hasSameSizeAs(full.features());
            QueryType f = rules.classify(full).type();
            QueryType l = rules.classify(light).type();
            fullRight += f == q.type() ? 1 : 0;
            lightRight += l == q.type() ? 1 : 0;
            agree += f == l ? 1 : 0;
            if (f != l && f != QueryType.HYBRID && l != QueryType.HYBRID) {
                crossed++;
                crossedRight += f == q.type() ? 1 : 0;
            }
        }
        double fullAcc = (double) fullRight / en;
        double lightAcc = (double) lightRight / en;
        double agreement = (double) agree / en;
        System.out.printf("light analysis, rule-based scorer, %d English test queries: accuracy full %.4f, light %.4f; "
                + "agreement %.4f; keyword<->semantic moves %d (%d of them right in full)%n", en, fullAcc, lightAcc, agreement,
                crossed, crossedRight);
        assertThat(en).isGreaterThan(1000);
        assertThat(lightAcc).isGreaterThan(fullAcc - 0.05);
        assertThat(agreement).isGreaterThan(0.85);
        // the light tags mostly blur the middle: hardly a query is sent to the opposite kind of search, and none
        // that the full analysis sends to the right one
        assertThat(crossed).isLessThan(en / 100);
        assertThat(crossedRight).isZero();
    }

    @Test
    void japaneseIsAnalysedAsInFull() {
        String q = "ニューラルネットワークの学習方法について教えてください";
        assertThat(Analyzers.shared().analyzeLight(q).features()).containsExactly(Analyzers.analyze(q).features());
    }

    @Test
    void closedClassWordsAreTaggedFromTheLists() {
        var tokens = Analyzers.shared().analyzeLight("What's the best way to configure nginx for 3 upstreams?").tokens();
        assertThat(tokens).extracting(t -> t.text()).containsExactly("What's", "the", "best", "way", "to", "configure",
                "nginx", "for", "3", "upstreams", "?");
        assertThat(tokens).extracting(t -> t.pos()).containsExactly("PRON+AUX", "DET", "NOUN", "NOUN", "ADP", "NOUN",
                "NOUN", "ADP", "NUM", "NOUN", "PUNCT");
    }
}
