import io.qtp.analysis.*;
import io.qtp.classify.trained.FeatureEncoder;
import org.tribuo.*;
import org.tribuo.classification.*;
import org.tribuo.classification.liblinear.*;
import org.tribuo.classification.evaluation.*;
import org.tribuo.transform.*;
import org.tribuo.transform.transformations.LinearScalingTransformation;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import com.fasterxml.jackson.databind.*;
import java.nio.file.*;
import java.util.*;

/**
 * Probe (issue 15): L2-regularised logistic regression (Tribuo LIBLINEAR, L2R_LR) on the bundled model's features, trained
 * on the commercial rows of data/query-types/train.jsonl, macro-F1 on the hand-written (everyday) rows of dev and test per
 * language, and the SPEC's six examples; one line per C given. Not part of the build:
 * {@code java -cp target/query-type-predictor.jar scripts/LiblinearProbe.java 0.1 0.3 1 3} (docs/MODEL.md).
 */
public class LiblinearProbe {
  record Row(String q, String type, String lang, String source, String lic) {}
  static List<Row> read(String f) throws Exception {
    ObjectMapper m = new ObjectMapper(); List<Row> out = new ArrayList<>();
    for (String l : Files.readAllLines(Path.of(f))) { if (l.isBlank()) continue; JsonNode n = m.readTree(l);
      out.add(new Row(n.get("query").asText(), n.get("type").asText(), n.path("language").asText(), n.path("source").asText(), n.path("license").asText())); }
    return out;
  }
  public static void main(String[] a) throws Exception {
    QueryAnalyzer an = new QueryAnalyzer();
    FeatureEncoder enc = new FeatureEncoder(FeatureEncoder.Spec.defaults());
    LabelFactory lf = new LabelFactory();
    MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("t", lf), lf);
    for (Row r : read("data/query-types/train.jsonl")) if (!r.lic().contains("NC")) train.add(enc.encode(an.analyze(r.q()), new Label(r.type())));
    List<Row> dev = read("data/query-types/dev.jsonl"), test = read("data/query-types/test.jsonl");
    Map<String, List<Transformation>> per = new LinkedHashMap<>();
    for (io.qtp.analysis.Feature f : io.qtp.analysis.Feature.values()) per.put(f.name(), List.of(new LinearScalingTransformation(0, 1)));
    String[] specs = {"machine learning algorithm comparison for image recognition", "machine learning algorithm comparison",
      "PostgreSQL ベクトル検索 インデックス", "ニューラルネットワーク 学習方法 最適化", "What are the best practices for implementing vector search in PostgreSQL?", "ニューラルネットワークの学習方法について教えてください"};
    for (String cs : a) {
      double c = Double.parseDouble(cs);
      var trainer = new TransformTrainer<>(new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), c, 1000, 0.01), new TransformationMap(List.of(), per), false, false);
      Model<Label> model = trainer.train(train);
      StringBuilder sb = new StringBuilder("C=" + c);
      for (var split : List.of(Map.entry("dev", dev), Map.entry("test", test))) for (String lang : List.of("ja", "en")) {
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("e", lf), lf);
        for (Row r : split.getValue()) if (r.source().equals("everyday") && r.lang().equals(lang)) ds.add(enc.encode(an.analyze(r.q()), new Label(r.type())));
        var ev = new LabelEvaluator().evaluate(model, ds);
        sb.append(String.format(" %s-%s F1 %.4f", split.getKey(), lang, ev.macroAveragedF1()));
      }
      System.out.println(sb);
      for (String s : specs) { var p = model.predict(enc.encode(an.analyze(s))); System.out.println("   " + s + " -> " + p.getOutput().getLabel() + " " + String.format("%.2f", p.getOutput().getScore())); }
    }
  }
}
