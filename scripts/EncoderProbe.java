import io.qtp.analysis.*;
import io.qtp.classify.trained.FeatureEncoder;
import org.tribuo.*;
import org.tribuo.classification.*;
import org.tribuo.classification.liblinear.*;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.classification.evaluation.*;
import org.tribuo.transform.*;
import org.tribuo.transform.transformations.LinearScalingTransformation;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import com.fasterxml.jackson.databind.*;
import java.nio.file.*;
import java.util.*;

/**
 * Probe (issue 15, not part of the build): trains on the commercial rows of data/query-types/train.jsonl with the given
 * hashed spaces and learners and prints macro-F1 and the keyword<->semantic rate of the hand-written (everyday) rows of
 * dev and test per language, and the type of the SPEC's hybrid example. No near-duplicate weights, no calibration.
 * Arguments: charBuckets charMinN charMaxN posBuckets wordBuckets, then learners: lr:C (LIBLINEAR L2R_LR), sgd (the
 * 1.2.x SGD settings), sgd:EPOCHS:RATE, peg:EPOCHS:STEP:LAMBDA (Pegasos). -Dcues=true adds three regular-expression
 * cues (headline verbs, on-screen status phrases, an app name before a capitalised sentence); -Derrors=true lists the
 * English dev errors. docs/MODEL.md:
 * {@code java -cp target/query-type-predictor.jar scripts/EncoderProbe.java 8192 1 3 2048 4096 sgd lr:0.3 lr:1}
 */
public class EncoderProbe {
  record Row(String q, String type, String lang, String source, String lic) {}
  static List<Row> read(String f) throws Exception {
    ObjectMapper m = new ObjectMapper(); List<Row> out = new ArrayList<>();
    for (String l : Files.readAllLines(Path.of(f))) { if (l.isBlank()) continue; JsonNode n = m.readTree(l);
      out.add(new Row(n.get("query").asText(), n.get("type").asText(), n.path("language").asText(), n.path("source").asText(), n.path("license").asText())); }
    return out;
  }
  static final java.util.regex.Pattern HEADLINE = java.util.regex.Pattern.compile("(?i)^(?:[\\w.&'$-]+ ){1,4}(?:raises|raised|cuts|cut|unveils|unveiled|steps|stepped|jumps|jumped|falls|fell|wins|won|recalls|recalled|announces|announced|launches|launched|drops|dropped|hits|sues|sued|buys|bought|acquires|acquired|beats|beat|loses|lost|rises|rose|surges|surged|slides|slid|plunges|plunged|soars|soared|delays|delayed|cancels|cancelled|canceled|bans|banned|approves|approved|rejects|rejected|signs|signed|opens|opened|closes|closed|forces|forced|kills|killed|names|named|hires|hired|fires|fired|lays|laid|quits|resigns|resigned|dies|died|returns|returned|reaches|reached|tops|topped|breaks|broke|sets|faces|faced|warns|warned|confirms|confirmed|reveals|revealed|releases|released|expands|expanded|ends|ended|halts|halted|pauses|paused|files|filed|wins|takes|took|makes|made|gets|got|adds|added|agrees|agreed|blocks|blocked|plans|planned|eyes|seeks|sought|hikes|hiked|slashes|slashed|posts|posted|misses|missed|tops|crashes|crashed|jumps|returns|leaves|left|joins|joined|backs|backed|drops|tumbles|tumbled|climbs|climbed|shuts|shut|strikes|struck|hits|passes|passed|declares|declared|unveil|recall|win|fall|drop|jump|rise|cut|raise)\\b(?: \\S+)+");
  static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("(?i)something went wrong|try again|could not be|couldn't be|can't be|cannot be|unable to|having trouble|has been (suspended|disabled|locked|blocked|deactivated)|is not available|isn't available|not supported|no longer available|there was (an|a) (error|problem)|an error (has )?occurred|not recognized|not provisioned|access denied|permission denied|ran into a problem|we limit|been shared|not found|unavailable|please (try|check|wait|update)|^sorry|\\bsorry,|went wrong|we couldn't|we could not|we were unable|your (account|order|payment|card|request|session|booking|connection)\\b.*\\b(has|was|could|is|can)\\b");
  static final java.util.regex.Pattern APP_SENTENCE = java.util.regex.Pattern.compile("^[a-z][\\w.]*(?: [\\w.]+)? [A-Z][a-z']+ [a-z]|[a-z.]+ [A-Z][a-z']+ .*[a-z]$");
  static Example<Label> extra(Example<Label> e, String q, Label l) {
    if (!Boolean.getBoolean("cues")) return e;
    java.util.List<String> n = new java.util.ArrayList<>(); java.util.List<Double> v = new java.util.ArrayList<>();
    for (var f : e) { n.add(f.getName()); v.add(f.getValue()); }
    if (HEADLINE.matcher(q).find() && !q.contains("?")) { n.add("ZZ_HEADLINE"); v.add(1.0); }
    if (STATUS.matcher(q).find()) { n.add("ZZ_STATUS"); v.add(1.0); }
    if (APP_SENTENCE.matcher(q).find()) { n.add("ZZ_APPSENT"); v.add(1.0); }
    return new org.tribuo.impl.ArrayExample<>(l, n.toArray(String[]::new), v.stream().mapToDouble(Double::doubleValue).toArray());
  }
  public static void main(String[] a) throws Exception {
    QueryAnalyzer an = new QueryAnalyzer();
    FeatureEncoder enc = new FeatureEncoder(new FeatureEncoder.Spec(Integer.parseInt(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4])));
    LabelFactory lf = new LabelFactory();
    String dir = System.getProperty("data", "data/query-types");
    MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("t", lf), lf);
    for (Row r : read(dir + "/train.jsonl")) if (!r.lic().contains("NC")) train.add(extra(enc.encode(an.analyze(r.q()), new Label(r.type())), r.q(), new Label(r.type())));
    List<Row> dev = read(dir + "/dev.jsonl"), test = read(dir + "/test.jsonl");
    Map<String, List<Transformation>> per = new LinkedHashMap<>();
    for (io.qtp.analysis.Feature f : io.qtp.analysis.Feature.values()) per.put(f.name(), List.of(new LinearScalingTransformation(0, 1)));
    String spec = "machine learning algorithm comparison for image recognition";
    for (int i = 5; i < a.length; i++) {
      Trainer<Label> inner;
      if (a[i].startsWith("lr:")) inner = new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), Double.parseDouble(a[i].substring(3)), 1000, 0.01);
      else if (a[i].startsWith("sgd:")) { String[] p = a[i].split(":"); inner = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(Double.parseDouble(p[2]), 0.1), Integer.parseInt(p[1]), -1, 1, 42); }
      else if (a[i].startsWith("peg:")) { String[] p = a[i].split(":"); inner = new LinearSGDTrainer(new LogMulticlass(), new org.tribuo.math.optimisers.Pegasos(Double.parseDouble(p[2]), Double.parseDouble(p[3])), Integer.parseInt(p[1]), -1, 1, 42); }
      else inner = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.05, 0.1), 20, -1, 1, 42);
      Model<Label> model = new TransformTrainer<>(inner, new TransformationMap(List.of(), per), false, false).train(train);
      StringBuilder sb = new StringBuilder(String.join(",", Arrays.copyOf(a, 5)) + " " + a[i]);
      for (var split : List.of(Map.entry("dev", dev), Map.entry("test", test))) for (String lang : List.of("ja", "en")) {
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("e", lf), lf);
        for (Row r : split.getValue()) if (r.source().equals("everyday") && r.lang().equals(lang)) ds.add(extra(enc.encode(an.analyze(r.q()), new Label(r.type())), r.q(), new Label(r.type())));
        var ev = new LabelEvaluator().evaluate(model, ds);
        var cm = ev.getConfusionMatrix();
        double ks = cm.confusion(new Label("keyword"), new Label("semantic")) + cm.confusion(new Label("semantic"), new Label("keyword"));
        sb.append(String.format(" %s-%s %.4f ks%.2f%%", split.getKey(), lang, ev.macroAveragedF1(), 100 * ks / ds.size()));
      }
      if (Boolean.getBoolean("errors")) for (Row r : dev) if (r.source().equals("everyday") && r.lang().equals("en")) {
        var pr = model.predict(extra(enc.encode(an.analyze(r.q())), r.q(), LabelFactory.UNKNOWN_LABEL));
        if (!pr.getOutput().getLabel().equals(r.type())) System.out.println("  ERR " + r.type() + " -> " + pr.getOutput().getLabel() + String.format(" %.2f  ", pr.getOutput().getScore()) + r.q());
      }
      var p = model.predict(extra(enc.encode(an.analyze(spec)), spec, LabelFactory.UNKNOWN_LABEL));
      sb.append(" spec-example " + p.getOutput().getLabel() + String.format(" %.2f", p.getOutput().getScore()));
      System.out.println(sb);
    }
  }
}
