package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.postag.POSContextGenerator;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;

/**
 * {@link EnglishFeatures.GreedyTagger} against OpenNLP's own {@link POSTaggerME} on the same model with beam size 1, on
 * every English query of the data set (train, dev and test): the same tags for every token, so the speed-up changes
 * no feature and no prediction.
 */
class EnglishTaggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void greedyTaggerEqualsTheLibrarysBeamOfOneOnEveryEnglishQuery() throws IOException {
        EnglishFeatures english = new EnglishFeatures();
        POSModel published = EnglishFeatures.load(EnglishFeatures.POS_MODEL, POSModel::new);
        MaxentModel maxent = published.getArtifact("pos.model");
        POSTaggerME reference = new POSTaggerME(
                new POSModel(published.getLanguage(), maxent, 1, null, published.getFactory()));

        List<String> queries = englishQueries();
        assertThat(queries).hasSizeGreaterThan(5_000);
        List<String> differing = new ArrayList<>();
        long tokens = 0;
        for (String q : queries) {
            String[] words = english.tokenize(q);
            tokens += words.length;
            String[] expected = reference.tag(words);
            String[] actual = english.tags(words);
            if (!Arrays.equals(expected, actual)) {
                differing.add(q + " " + Arrays.toString(expected) + " vs " + Arrays.toString(actual));
            }
        }
        assertThat(tokens).isGreaterThan(30_000);
        assertThat(differing).isEmpty();
    }

    @Test
    void contextsEqualTheLibrarysAndTheirScoresEqualTheModelsOnEveryTokenOfEveryEnglishQuery() throws IOException {
        EnglishFeatures english = new EnglishFeatures();
        POSModel published = EnglishFeatures.load(EnglishFeatures.POS_MODEL, POSModel::new);
        POSContextGenerator library = published.getFactory().getPOSContextGenerator(0);
        CompiledMaxent model = CompiledMaxent.of((opennlp.tools.ml.model.AbstractModel) published.getArtifact("pos.model"));
        TaggerFeatures ours = new TaggerFeatures(model);
        double[] expected = new double[model.getNumOutcomes()];
        double[] actual = new double[model.getNumOutcomes()];
        long contexts = 0;
        for (String q : englishQueries()) {
            String[] words = english.tokenize(q);
            String[] tags = english.tags(words);
            for (int i = 0; i < words.length; i++) {
                String[] before = Arrays.copyOf(tags, i);
                String[] context = library.getContext(i, words, before, null);
                assertThat(ours.contexts(words, i, before)).as("%s, token %d", q, i).containsExactly(context);
                // the scores from the words' cached predicates: the model's on the strings, bit for bit
                model.scores(context, null, expected);
                ours.scores(words, i, tags, actual);
                assertThat(actual).as("%s, token %d", q, i).containsExactly(expected);
                contexts++;
            }
        }
        assertThat(contexts).isGreaterThan(30_000);
    }

    @Test
    void scoresDoNotDependOnTheOrderInWhichTokensAreAskedFor() throws IOException {
        EnglishFeatures english = new EnglishFeatures();
        CompiledMaxent model = CompiledMaxent.of((opennlp.tools.ml.model.AbstractModel)
                EnglishFeatures.load(EnglishFeatures.POS_MODEL, POSModel::new).getArtifact("pos.model"));
        TaggerFeatures inOrder = new TaggerFeatures(model);
        TaggerFeatures backwards = new TaggerFeatures(model);
        double[] expected = new double[model.getNumOutcomes()];
        double[] actual = new double[model.getNumOutcomes()];
        for (String q : englishQueries().subList(0, 500)) {
            String[] words = english.tokenize(q);
            String[] tags = english.tags(words);
            for (int i = words.length - 1; i >= 0; i--) { // the last token first: the query's words looked up then
                inOrder.scores(words, 0, tags, expected);
                inOrder.scores(words, i, tags, expected);
                backwards.scores(words, i, tags, actual);
                assertThat(actual).as("%s, token %d", q, i).containsExactly(expected);
            }
        }
    }

    @Test
    void lowerCaseIsTheLibrarysCodePointMapping() {
        for (String s : List.of("abc", "ABC", "Ünïcödé", "İstanbul", "ΣΟΦΟΣ", "Ｆｕｌｌ", "𝐀𝐁", "mixedCASE42", "")) {
            assertThat(TaggerFeatures.lowerCase(s)).as(s).isEqualTo(opennlp.tools.util.StringUtil.toLowerCase(s));
        }
        String ascii = "already lower";
        assertThat(TaggerFeatures.lowerCase(ascii)).isSameAs(ascii);
    }

    @Test
    void emptyInputHasNoTags() {
        assertThat(new EnglishFeatures().tags(new String[0])).isEmpty();
    }

    /** Every English query of the data set (train, dev and test). */
    static List<String> englishQueries() throws IOException {
        Path dir = Files.isDirectory(Path.of("../data/query-types")) ? Path.of("../data/query-types")
                : Path.of("data/query-types");
        List<String> out = new ArrayList<>();
        for (String split : List.of("train.jsonl", "dev.jsonl", "test.jsonl")) {
            for (String line : Files.readAllLines(dir.resolve(split))) {
                JsonNode row = JSON.readTree(line);
                if ("en".equals(row.path("language").asText())) {
                    out.add(row.path("query").asText());
                }
            }
        }
        return out;
    }
}
