package io.qtp.search.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qtp.cli.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convert-squad}: SQuAD-format data (JSQuAD) to a BEIR-format directory. Each paragraph (context) is a
 * document ({@code _id} = {@code a<article>-p<paragraph>}, title = the article title, text = the context without
 * JSQuAD's {@code "TITLE [SEP] "} prefix); each question is a query whose one relevant document (grade 1) is its
 * context. Three qrels files: {@code test.tsv} (all questions), {@code fit.tsv} (questions of the articles at even
 * positions) and {@code report.tsv} (odd positions), so that weights fitted on one half of the articles are
 * reported on the other.
 */
@Command(name = "convert-squad", description = "Turns SQuAD-format data (JSQuAD) into a BEIR directory.")
public final class ConvertSquad extends Tool {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"--data", "--input"}, required = true, paramLabel = "FILE", description = "SQuAD-format JSON")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the BEIR directory to write")
    Path outDir;

    @Override
    public Integer call() throws IOException {
        Stats s = convert(input, outDir);
        out.printf("convert-squad: %d articles, %d documents, %d queries -> %s%n", s.articles, s.docs, s.queries,
                outDir);
        return 0;
    }

    public record Stats(int articles, int docs, int queries) {
    }

    public static Stats convert(Path input, Path out) throws IOException {
        JsonNode root = JSON.readTree(input.toFile());
        List<Map<String, Object>> corpus = new ArrayList<>();
        List<Map<String, Object>> queries = new ArrayList<>();
        StringBuilder all = new StringBuilder("query-id\tcorpus-id\tscore\n");
        StringBuilder fit = new StringBuilder(all);
        StringBuilder report = new StringBuilder(all);
        int a = 0;
        for (JsonNode article : root.path("data")) {
            String title = article.path("title").asText("");
            int p = 0;
            for (JsonNode paragraph : article.path("paragraphs")) {
                String docId = "a" + a + "-p" + p;
                String context = paragraph.path("context").asText("");
                int sep = context.indexOf(" [SEP] ");
                String text = sep >= 0 ? context.substring(sep + " [SEP] ".length()) : context;
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("_id", docId);
                doc.put("title", title);
                doc.put("text", text);
                corpus.add(doc);
                for (JsonNode qa : paragraph.path("qas")) {
                    String qid = qa.path("id").asText();
                    Map<String, Object> q = new LinkedHashMap<>();
                    q.put("_id", qid);
                    q.put("text", qa.path("question").asText());
                    q.put("metadata", Map.of("article", a));
                    queries.add(q);
                    String line = qid + "\t" + docId + "\t1\n";
                    all.append(line);
                    (a % 2 == 0 ? fit : report).append(line);
                }
                p++;
            }
            a++;
        }
        Files.createDirectories(out.resolve("qrels"));
        Beir.writeJsonl(out.resolve("corpus.jsonl"), corpus);
        Beir.writeJsonl(out.resolve("queries.jsonl"), queries);
        Files.writeString(out.resolve("qrels/test.tsv"), all, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("qrels/fit.tsv"), fit, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("qrels/report.tsv"), report, StandardCharsets.UTF_8);
        return new Stats(a, corpus.size(), queries.size());
    }
}
