package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

    @Test
    void aQueryWrittenSeveralWaysCountsOnce() {
        List<String> q = List.of(
                "Deep Residual Learning for Image Recognition",
                "deep residual learning for image recognition pdf",
                "\"Deep Residual Learning for Image Recognition\" 引用数",
                "model comparison for image recognition",
                "python list",
                "python list comprehension");
        boolean[] all = {true, true, true, true, true, true};
        float[] w = NearDuplicates.weights(q, all);
        assertThat(w[0]).isEqualTo(1f / 3);
        assertThat(w[1]).isEqualTo(1f / 3);
        assertThat(w[2]).isEqualTo(1f / 3);
        assertThat(w[3]).as("shares words, does not contain the title").isEqualTo(1f);
        // under four words a query is too common to group by: "python list" stays apart from its extensions
        assertThat(w[4]).isEqualTo(1f);
        assertThat(w[5]).isEqualTo(1f);
    }

    @Test
    void rowsOutsideTheHandWrittenOnesKeepTheirWeightAndJoinNoGroup() {
        List<String> q = List.of("deep residual learning for image recognition", "deep residual learning for image recognition pdf");
        float[] w = NearDuplicates.weights(q, new boolean[] {false, true});
        assertThat(w[0]).isEqualTo(1f);
        assertThat(w[1]).isEqualTo(1f);
    }

    @Test
    void theKeyIgnoresCaseWidthAndPunctuation() {
        assertThat(NearDuplicates.key("ＡＢＣ-Def  \"ghi\"")).isEqualTo(" abc def ghi ");
    }
}
