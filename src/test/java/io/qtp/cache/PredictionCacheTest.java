package io.qtp.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;

/** The key's normalisation and the Redis value's format, without a running service. */
class PredictionCacheTest {

    @Test
    void keyIsPerModelVersionAndTheTextAsAnalysedWithWidthAndCase() {
        // the query arrives normalised (QueryText, by the input rules): the key adds nothing to it (OneQueryValueTest)
        String k = PredictionCache.key("1.0.0", "PostgreSQL ベクトル検索");
        assertThat(PredictionCache.key("1.0.0", "PostgreSQL ベクトル検索")).isEqualTo(k);
        assertThat(PredictionCache.key("1.0.0", "ＰｏｓｔｇｒｅＳＱＬ ベクトル検索")).isNotEqualTo(k);
        assertThat(PredictionCache.key("1.0.1", "PostgreSQL ベクトル検索")).isNotEqualTo(k);
        assertThat(PredictionCache.key("1.0.0", "postgresql ベクトル検索")).isNotEqualTo(k);
    }

    @Test
    void redisValueRoundTrips() {
        PredictionCache.Entry e = new PredictionCache.Entry(Language.JA,
                new Prediction(QueryType.HYBRID, new double[] {0.1, 0.2, 0.7}, "1.2.0"));
        String json = PredictionCache.encode(e);
        assertThat(json).isEqualTo("{\"t\":\"hybrid\",\"p\":[0.1,0.2,0.7],\"l\":\"ja\",\"v\":\"1.2.0\"}");
        assertThat(PredictionCache.decode(json)).isEqualTo(e);
    }
}
