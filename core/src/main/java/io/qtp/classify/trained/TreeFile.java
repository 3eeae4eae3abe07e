package io.qtp.classify.trained;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The trees of a boosted-tree model as plain data, {@value #NAME} beside the model file: what
 * {@link CompiledTreeModel} needs to serve the model without XGBoost's native library, so that the core library alone,
 * or a host without the OpenMP runtime XGBoost4J links against, serves the same probabilities.
 *
 * <p>Gzipped JSON: {@code format}, the {@code modelSha256} of the model file the trees were taken from (a file of
 * another model is never used for this one), Tribuo's output names and feature names in id order, and the subset of
 * XGBoost's own JSON model that prediction reads (objective, number of classes, base score, and per tree the
 * children, split features, split conditions and default directions; {@code tree_info}), under XGBoost's field
 * names. Split conditions and leaf values are written as XGBoost wrote them (each a float, read back exactly).
 *
 * <p>Written by the trainer ({@code io.qtp.training.ModelBundleWriter}); read by {@link ModelBundle}, which serves
 * from it only when the model file cannot be deserialised here, and otherwise checks that it agrees with the model.
 */
public final class TreeFile {

    /** The file name in a model directory. */
    public static final String NAME = "trees.json.gz";
    /** The value of the {@code format} field. */
    public static final String FORMAT = "xgboost-trees-1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TREE_FIELDS = List.of("left_children", "right_children", "split_indices",
            "split_conditions", "default_left");

    private TreeFile() {
    }

    /**
     * The file's bytes for a model whose trees a registered {@link TreeEnsembleSource} gives (XGBoost, where the
     * service's source is on the class path); empty for any other model.
     *
     * @throws IOException when the source's JSON is not an XGBoost model document
     */
    public static Optional<byte[]> of(Model<Label> model, String modelSha256) throws IOException {
        Optional<byte[]> json = CompiledTreeModel.xgboostJson(model);
        return json.isEmpty() ? Optional.empty() : Optional.of(write(json.get(), model, modelSha256));
    }

    /**
     * The file's bytes for an XGBoost model: its JSON model ({@code Booster.toByteArray("json")}) with the Tribuo
     * model's output and feature ids, bound to the model file's checksum. The same inputs give the same bytes.
     *
     * @throws IOException when the JSON is not an XGBoost model document
     */
    public static byte[] write(byte[] xgboostJson, Model<Label> model, String modelSha256) throws IOException {
        JsonNode doc = JSON.readTree(xgboostJson);
        JsonNode learner = doc.path("learner");
        JsonNode booster = learner.path("gradient_booster");
        if (!booster.path("model").path("trees").isArray()) {
            throw new IOException("not an XGBoost tree model document (no learner.gradient_booster.model.trees)");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("format", FORMAT);
        out.put("modelSha256", modelSha256);
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        String[] outputsById = new String[outputs.size()];
        for (var e : outputs) {
            outputsById[e.getA()] = e.getB().getLabel();
        }
        ArrayNode o = out.putArray("outputs");
        for (String name : outputsById) {
            o.add(name);
        }
        ImmutableFeatureMap features = model.getFeatureIDMap();
        String[] featuresById = new String[features.size()];
        for (VariableInfo v : features) {
            featuresById[features.getID(v.getName())] = v.getName();
        }
        ArrayNode f = out.putArray("features");
        for (String name : featuresById) {
            f.add(name);
        }
        ObjectNode l = out.putObject("xgboost").putObject("learner");
        l.putObject("objective").set("name", learner.path("objective").path("name"));
        ObjectNode param = l.putObject("learner_model_param");
        param.set("num_class", learner.path("learner_model_param").path("num_class"));
        param.set("base_score", learner.path("learner_model_param").path("base_score"));
        ObjectNode b = l.putObject("gradient_booster");
        b.set("name", booster.path("name"));
        ObjectNode m = b.putObject("model");
        m.set("tree_info", booster.path("model").path("tree_info"));
        ArrayNode trees = m.putArray("trees");
        for (JsonNode tree : booster.path("model").path("trees")) {
            ObjectNode t = trees.addObject();
            for (String field : TREE_FIELDS) {
                t.set(field, tree.path(field));
            }
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer, 64 * 1024)) {
            JSON.writeValue(gzip, out);
        }
        return buffer.toByteArray();
    }

    /**
     * Reads the file of the model whose file has checksum {@code modelSha256} into its compiled form.
     *
     * @throws InvalidModelException saying why it cannot serve: not this format, another model's trees, features the
     *                               encoder cannot produce, or trees the compiled form cannot read
     */
    static CompiledTreeModel read(String source, byte[] bytes, String modelSha256, FeatureEncoder encoder)
            throws InvalidModelException {
        JsonNode doc;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            doc = JSON.readTree(in);
        } catch (IOException e) {
            throw new InvalidModelException(source + ": " + NAME + " is not gzipped JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(doc.path("format").asText())) {
            throw new InvalidModelException(source + ": " + NAME + " has format '" + doc.path("format").asText()
                    + "', expected " + FORMAT);
        }
        if (!modelSha256.equalsIgnoreCase(doc.path("modelSha256").asText())) {
            throw new InvalidModelException(source + ": " + NAME + " holds the trees of another model file (sha256 "
                    + doc.path("modelSha256").asText() + ", the model file's is " + modelSha256 + ")");
        }
        List<String> outputs = strings(doc.path("outputs"));
        List<String> features = strings(doc.path("features"));
        Set<String> known = new HashSet<>(encoder.featureNames());
        for (String name : features) {
            if (!known.contains(name)) {
                throw new InvalidModelException(source + ": " + NAME + " uses feature '" + name + "' that the encoder "
                        + encoder.spec() + " cannot produce");
            }
        }
        return CompiledTreeModel.fromJson(doc.path("xgboost"), outputs, features, encoder)
                .orElseThrow(() -> new InvalidModelException(source + ": " + NAME
                        + " does not hold three-class boosted trees (multi:softprob) over the three query types"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }
}
