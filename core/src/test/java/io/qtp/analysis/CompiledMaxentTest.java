package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.perceptron.PerceptronModel;
import opennlp.tools.postag.POSContextGenerator;
import opennlp.tools.postag.POSModel;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledMaxent} against the library's {@code GISModel} it was compiled from: the same probabilities, bit for
 * bit, on every tagger context of every English query of the data (train, dev and test), and the same tokens from the
 * tokenizer on every whitespace-separated chunk of them; the scores order the outcomes as the probabilities do.
 */
class CompiledMaxentTest {

    @Test
    void taggerProbabilitiesEqualTheLibrarysOnEveryTokenOfEveryEnglishQuery() throws IOException {
        EnglishFeatures english = new EnglishFeatures();
        AbstractModel library = (AbstractModel) EnglishFeatures.load(EnglishFeatures.POS_MODEL, POSModel::new)
                .getArtifact("pos.model");
        CompiledMaxent compiled = CompiledMaxent.of(library);
        @SuppressWarnings("unchecked")
        Map<String, Context> pmap = (Map<String, Context>) library.getDataStructures()[1];
        POSContextGenerator contexts = EnglishFeatures.load(EnglishFeatures.POS_MODEL, POSModel::new).getFactory()
                .getPOSContextGenerator(0);
        double[] scores = new double[compiled.getNumOutcomes()];
        long checked = 0;
        long unknown = 0;
        for (String q : EnglishTaggerTest.englishQueries()) {
            String[] words = english.tokenize(q);
            String[] tags = english.tags(words);
            for (int i = 0; i < words.length; i++) {
                String[] context = contexts.getContext(i, words, Arrays.copyOf(tags, i), null);
                double[] expected = library.eval(context);
                assertThat(compiled.eval(context)).as("%s, token %d", q, i).containsExactly(expected);
                int best = EnglishFeatures.GreedyTagger.argmax(compiled.scores(context, null, scores));
                assertThat(best).as("%s, token %d", q, i).isEqualTo(EnglishFeatures.GreedyTagger.argmax(expected));
                checked++;
                unknown += Arrays.stream(context).filter(c -> !pmap.containsKey(c)).count();
            }
        }
        assertThat(checked).isGreaterThan(30_000);
        assertThat(unknown).as("contexts the model does not know (skipped by both)").isPositive();
    }

    @Test
    void tokenizerOnTheCompiledModelSplitsEveryChunkAsTheLibrarys() throws IOException {
        TokenizerModel published = EnglishFeatures.load(EnglishFeatures.TOKENIZER_MODEL, TokenizerModel::new);
        TokenizerME library = new TokenizerME(published);
        TokenizerME compiled = new TokenizerME(new TokenizerModel(
                CompiledMaxent.of((AbstractModel) published.getMaxentModel()), null, published.getFactory()));
        long chunks = 0;
        long split = 0;
        for (String q : EnglishTaggerTest.englishQueries()) {
            for (String chunk : q.strip().split("\\s+")) {
                String[] expected = library.tokenize(chunk);
                assertThat(compiled.tokenize(chunk)).as(chunk).containsExactly(expected);
                chunks++;
                split += expected.length > 1 ? 1 : 0;
            }
        }
        assertThat(chunks).isGreaterThan(30_000);
        assertThat(split).as("chunks the model splits").isGreaterThan(500);
    }

    @Test
    void valuesWeightTheContextsAsTheLibrarysDo() {
        AbstractModel library = (AbstractModel) EnglishFeatures.load(EnglishFeatures.POS_MODEL, POSModel::new)
                .getArtifact("pos.model");
        CompiledMaxent compiled = CompiledMaxent.of(library);
        String[] context = {"default", "w=the", "suf=e", "pre=t", "p1w=*bos*", "n1w=cat", "not-a-context"};
        float[] values = {1f, 0.5f, 2f, 0f, 1f, 3.25f, 7f};
        assertThat(compiled.eval(context, values)).containsExactly(library.eval(context, values))
                .isNotEqualTo(compiled.eval(context)); // the values count
        assertThat(compiled.eval(new String[0])).containsExactly(library.eval(new String[0]));
        assertThat(compiled.getDataStructures()).containsExactly(library.getDataStructures());
    }

    @Test
    void onlyMaximumEntropyModelsAreCompiled() {
        AbstractModel perceptron = new PerceptronModel(new Context[] {new Context(new int[] {0}, new double[] {1})},
                new String[] {"a"}, new String[] {"x", "y"});
        assertThatThrownBy(() -> CompiledMaxent.of(perceptron)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Perceptron");
    }
}
