package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.qtp.classify.trained.Calibration;

/** ECE, Brier, the fitted calibrations and the fallback threshold, on predictions made up for the test. */
class CalibratorTest {

    private static Calibrator.Sample sample(double p0, double p1, double p2, int truth) {
        return new Calibrator.Sample(new double[] {p0, p1, p2}, truth);
    }

    @Test
    void eceAndBrierByTheirDefinitions() {
        // bin [0.933, 1]: two rows with confidence 0.95, one right, one wrong: |0.5 - 0.95| over half the rows;
        // bin [0.6, 0.667): two rows with confidence 0.6, both right: |1 - 0.6| over the other half
        List<Calibrator.Sample> s = List.of(sample(0.95, 0.03, 0.02, 0), sample(0.95, 0.03, 0.02, 1),
                sample(0.2, 0.6, 0.2, 1), sample(0.2, 0.2, 0.6, 2));
        Calibrator.Figures f = Calibrator.figures(s);
        assertThat(f.ece()).isCloseTo(0.5 * 0.45 + 0.5 * 0.4, within(1e-12));
        double brier = ((0.05 * 0.05 + 0.03 * 0.03 + 0.02 * 0.02) + (0.95 * 0.95 + 0.97 * 0.97 + 0.02 * 0.02)
                + 2 * (0.2 * 0.2 + 0.4 * 0.4 + 0.2 * 0.2)) / 4;
        assertThat(f.brier()).isCloseTo(brier, within(1e-12));
        assertThat(f.wrong()).isEqualTo(1);
        assertThat(f.wrongConfident()).isEqualTo(1);
        assertThat(f.wrongConfidentShare()).isEqualTo(1.0);
        assertThat(f.accuracy()).isEqualTo(0.75);
    }

    /**
     * Predictions of an over-confident model: the true probabilities are softmax(z), the model reports
     * softmax(3 z). Temperature scaling must find T close to 3 and bring the ECE down.
     */
    @Test
    void temperatureScalingUndoesOverConfidence() {
        List<Calibrator.Sample> samples = overConfident(4000, 3.0, new SplittableRandom(1));
        Calibration c = Calibrator.fitTemperature(samples, "test");
        assertThat(c.method()).isEqualTo(Calibration.TEMPERATURE);
        assertThat(c.temperature()).isCloseTo(3.0, within(0.3));
        double before = Calibrator.figures(samples).ece();
        double after = Calibrator.figures(Calibrator.apply(c, samples)).ece();
        assertThat(before).isGreaterThan(0.08);
        assertThat(after).isLessThan(0.03);
        // the predicted type never changes under a temperature
        List<Calibrator.Sample> calibrated = Calibrator.apply(c, samples);
        for (int i = 0; i < samples.size(); i++) {
            assertThat(Calibrator.argmax(calibrated.get(i).p())).isEqualTo(Calibrator.argmax(samples.get(i).p()));
        }
        Calibrator.Choice choice = Calibrator.choose(samples, "test");
        assertThat(Calibrator.figures(Calibrator.apply(choice.calibration(), samples)).ece()).isLessThan(0.03);
        assertThat(choice.calibration().problem()).isNull();
    }

    /**
     * Probabilities that are already calibrated (confidence 0.9, right 9 times in 10) plus a few confident mistakes
     * (0.9999, always wrong): the loss a temperature is fitted to is dominated by the mistakes and flattens every
     * other answer, so the held-out ECE of any fitted scaling is worse than the model's own, and the choice is
     * {@code none}, recording what it was measured on. The same samples without the mistakes keep a scaling.
     */
    @Test
    void noScalingWhenTheModelsOwnProbabilitiesMeasureBest() {
        List<Calibrator.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            samples.add(new Calibrator.Sample(new double[] {0.9, 0.05, 0.05}, (i / 2) % 10 == 0 ? 1 : 0));
        }
        List<Calibrator.Sample> withMistakes = new ArrayList<>(samples);
        for (int i = 0; i < 40; i++) {
            withMistakes.add(new Calibrator.Sample(new double[] {0.9999, 0.00005, 0.00005}, 2));
        }
        Calibrator.Choice choice = Calibrator.choose(withMistakes, "the test rows");
        assertThat(choice.uncalibratedEce()).isLessThan(Math.min(choice.temperatureCvEce(), choice.vectorCvEce()) - 0.002);
        assertThat(choice.calibration().method()).isEqualTo(Calibration.NONE_METHOD);
        assertThat(choice.calibration().fittedOn()).isEqualTo("the test rows");
        assertThat(choice.calibration().problem()).isNull();

        List<Calibrator.Sample> overConfident = overConfident(4000, 3.0, new SplittableRandom(2));
        assertThat(Calibrator.choose(overConfident, "test").calibration().method()).isNotEqualTo(Calibration.NONE_METHOD);
    }

    /**
     * Two languages whose models are over-confident by different factors (3 and 1.25): one temperature cannot
     * calibrate both; a temperature per language finds each factor, is chosen by the cross-validation, and brings
     * each language's ECE down where the pooled one leaves one of them miscalibrated.
     */
    @Test
    void aTemperaturePerLanguageWhenTheLanguagesDiffer() {
        List<Calibrator.Sample> samples = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        overConfident(3000, 3.0, r).forEach(s -> samples.add(new Calibrator.Sample(s.p(), s.truth(), "ja")));
        overConfident(3000, 1.25, r).forEach(s -> samples.add(new Calibrator.Sample(s.p(), s.truth(), "en")));
        Calibration own = Calibrator.fitPerLanguage(samples, "test");
        assertThat(own.problem()).isNull();
        assertThat(own.languageTemperatures().get("ja")).isCloseTo(3.0, within(0.3));
        assertThat(own.languageTemperatures().get("en")).isCloseTo(1.25, within(0.15));
        Calibration pooled = Calibrator.fitTemperature(samples, "test");
        for (String language : List.of("ja", "en")) {
            List<Calibrator.Sample> mine = Calibrator.ofLanguage(samples, language);
            assertThat(Calibrator.figures(Calibrator.apply(own, mine)).ece()).as(language).isLessThan(0.03);
        }
        assertThat(Calibrator.languageEce(own, samples)).isLessThan(Calibrator.languageEce(pooled, samples) - 0.01);
        Calibrator.Choice choice = Calibrator.choose(samples, "test");
        assertThat(choice.calibration().languageTemperatures()).containsOnlyKeys("ja", "en");
        assertThat(choice.languageCvEce()).isLessThan(choice.pooledLanguageCvEce());
        // a query of another (or no) language takes the pooled temperature
        double[] p = {0.9, 0.05, 0.05};
        double[] q = p.clone();
        own.apply(p, "de");
        Calibration.temperature(own.temperature(), "x").apply(q);
        assertThat(p).containsExactly(q);
    }

    /** One language, or one with too few rows: a single temperature, never a per-language one. */
    @Test
    void oneTemperatureWhenOnlyOneLanguageHasRows() {
        List<Calibrator.Sample> samples = new ArrayList<>();
        overConfident(2000, 2.0, new SplittableRandom(4))
                .forEach(s -> samples.add(new Calibrator.Sample(s.p(), s.truth(), "ja")));
        overConfident(20, 1.0, new SplittableRandom(5))
                .forEach(s -> samples.add(new Calibrator.Sample(s.p(), s.truth(), "en")));
        Calibrator.Choice choice = Calibrator.choose(samples, "test");
        assertThat(choice.calibration().languageTemperatures()).isNull();
        assertThat(choice.languageCvEce()).isNaN();
    }

    /**
     * A model that under-rates one type: only vector scaling (a bias per type) can repair it, so it is chosen; when the
     * caller forbids it (it would change an answer that must stay, Train's SPEC examples), it is measured and
     * reported but the choice falls back to a temperature or none, which never change an answer.
     */
    @Test
    void vectorScalingIsChosenOnlyWhenAllowed() {
        List<Calibrator.Sample> samples = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < 3000; i++) {
            double[] z = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double[] truth = softmax(new double[] {z[0], z[1] + 1.5, z[2]}, 1); // type 1 is likelier than predicted
            double u = r.nextDouble();
            int y = u < truth[0] ? 0 : u < truth[0] + truth[1] ? 1 : 2;
            samples.add(new Calibrator.Sample(softmax(z, 1), y));
        }
        Calibrator.Choice allowed = Calibrator.choose(samples, "test", true);
        assertThat(allowed.calibration().method()).isEqualTo(Calibration.VECTOR);
        Calibrator.Choice refused = Calibrator.choose(samples, "test", false);
        assertThat(refused.calibration().method()).isNotEqualTo(Calibration.VECTOR);
        assertThat(refused.vectorCvEce()).isEqualTo(allowed.vectorCvEce());
        assertThat(Calibrator.choose(samples, "test")).isEqualTo(allowed);
    }

    @Test
    void vectorScalingIsValidAndLowersTheLoss() {
        List<Calibrator.Sample> samples = overConfident(2000, 2.0, new SplittableRandom(2));
        Calibration v = Calibrator.fitVector(samples, "test");
        assertThat(v.method()).isEqualTo(Calibration.VECTOR);
        assertThat(v.problem()).isNull();
        assertThat(Calibrator.figures(Calibrator.apply(v, samples)).brier())
                .isLessThan(Calibrator.figures(samples).brier());
    }

    @Test
    void fallbackThresholdIsWhereAccuracyFallsUnderTheBar() {
        List<Calibrator.Sample> s = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            s.add(sample(0.97, 0.02, 0.01, 0)); // confident and right
        }
        for (int i = 0; i < 40; i++) {
            s.add(sample(0.55, 0.40, 0.05, i % 2)); // half right around 0.55
        }
        double t = Calibrator.fallbackThreshold(s, 0.8);
        assertThat(t).isBetween(0.55, 0.66);
        Calibrator.Split split = Calibrator.split(s, t);
        assertThat(split.below()).isEqualTo(40);
        assertThat(split.accuracyBelow()).isEqualTo(0.5);
        assertThat(split.accuracyAbove()).isEqualTo(1.0);
        assertThat(Calibrator.fallbackThreshold(s.subList(0, 100), 0.8)).isZero();
    }

    @Test
    void calibrationParametersAreValidated() {
        assertThat(Calibration.NONE.problem()).isNull();
        assertThat(Calibration.temperature(0.01, "x").problem()).contains("temperature must be in");
        assertThat(new Calibration("none", 2.0, null, null, "x").problem()).contains("temperature 1");
        assertThat(new Calibration("vector", 1.0, List.of(1.0), List.of(0.0), "x").problem()).contains("3 scales");
        assertThat(new Calibration("platt", 1.0, null, null, "x").problem()).contains("unknown calibration method");
        assertThat(Calibration.temperature(1.5, java.util.Map.of("en", 40.0), "x").problem())
                .contains("language temperatures must be in");
        assertThat(new Calibration("vector", 1.0, java.util.Map.of("en", 1.0), List.of(1.0, 1.0, 1.0),
                List.of(0.0, 0.0, 0.0), "x").problem()).contains("need method temperature");
        double[] p = {0.7, 0.2, 0.1};
        Calibration.NONE.apply(p);
        assertThat(p).containsExactly(0.7, 0.2, 0.1);
        double[] zero = {1.0, 0.0, 0.0};
        Calibration.temperature(2, "x").apply(zero);
        assertThat(zero).containsExactly(1.0, 0.0, 0.0);
    }

    private static List<Calibrator.Sample> overConfident(int n, double t, SplittableRandom r) {
        List<Calibrator.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] z = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double[] truth = softmax(z, 1);
            double u = r.nextDouble();
            int y = u < truth[0] ? 0 : u < truth[0] + truth[1] ? 1 : 2;
            out.add(new Calibrator.Sample(softmax(z, t), y));
        }
        return out;
    }

    private static double[] softmax(double[] z, double scale) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = new double[3];
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            p[i] = Math.exp(scale * (z[i] - max));
            sum += p[i];
        }
        for (int i = 0; i < 3; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
