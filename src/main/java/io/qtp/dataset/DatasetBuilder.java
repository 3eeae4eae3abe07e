package io.qtp.dataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

import io.qtp.analysis.Language;
import io.qtp.analysis.LanguageDetector;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.dataset.QueryTypes.Type;

/**
 * Builds the labelled query-type data set ({@code data/query-types/}) from JSQuAD questions, SciFact claims,
 * titles and abstracts, and the hand-written file. Command-line entry: {@link BuildDataset}.
 *
 * <p>The pipeline, reproducible for a given seed:
 * <ol>
 *   <li>every original (a JSQuAD question, a SciFact claim, a SciFact document, a hand-written group) is a
 *       <em>group</em>; its id is hashed with the seed (SHA-256) to give the group's processing position and
 *       its own random stream, so a group's rows do not depend on any other group;
 *   <li>the hand-written rows are taken first, then the groups of each source in hash order: from each
 *       group at most one row per type, the first candidate (in the group's random preference order) that
 *       passes its type's check, is in the right language (by the service's own detector) and whose
 *       normalised text is not already in the data set;
 *   <li>per language each type stops at {@code --per-type} rows; the types are then balanced to the
 *       smallest count by dropping the last-taken generated rows (never hand-written ones);
 *   <li>groups are split 70/15/15 into train/dev/test within each (language, source): sorted by a second
 *       seeded hash of the group id and cut at 70 % and 85 % of the stratum, so all rows of a group share a split;
 *       a group's split depends on the other groups of its stratum only through the cut points;
 *   <li>the everyday rows ({@code everyday/<lang>-<writer>.jsonl}, docs/LABELLING.md) are added after the derived
 *       ones (an exact duplicate of an earlier row is dropped) and group-split the same way, their strata being
 *       (language, set of types of the group), so that each split has the everyday types in proportion, and the
 *       writer's batch: the files of 2026-12-06 form one batch ({@link EverydayBatch}), every later file its own, so
 *       that a new file is split among its own groups and never moves a group of an earlier file (the test split
 *       that the model's figures were measured on stays what it was).
 * </ol>
 */
public final class DatasetBuilder {

    static final double TRAIN = 0.70;
    static final double DEV = 0.15;

    /** Command-line options. */
    record Options(Path jsquad, Path scifact, Path handwritten, Path everyday, Path out, long seed, int perType,
                   int maxGroups) {
    }

    /** The three splits. */
    public record Splits(List<Example> train, List<Example> dev, List<Example> test) {
        public List<Example> all() {
            List<Example> all = new ArrayList<>(train);
            all.addAll(dev);
            all.addAll(test);
            return all;
        }
    }

    private final Options options;
    private final PrintStream log;
    private final QueryAnalyzer analyzer;
    private final JapaneseRules japanese;
    private final EnglishRules english;

    DatasetBuilder(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
        this.analyzer = new QueryAnalyzer();
        this.japanese = new JapaneseRules(analyzer);
        this.english = new EnglishRules(analyzer);
    }

    // ---------------------------------------------------------------------------------------------- build

    /** A group not yet expanded: its candidates are derived only when the group is reached. */
    private record PendingGroup(String id, String language, String source, String license, long order,
                                Function<SplittableRandom, Map<Type, List<Candidate>>> derive) {
    }

    /** A row taken into the data set, with the group's hash order for balancing. */
    private record Taken(Example example, boolean handwritten, long sequence) {
    }

    Splits build() throws IOException {
        List<Sources.Handwritten> handwritten = Files.exists(options.handwritten())
                ? Sources.readHandwritten(options.handwritten()) : List.of();
        log.printf("build-dataset: %d hand-written rows from %s%n", handwritten.size(), options.handwritten());
        List<Sources.Question> questions = limit(Sources.readJsquad(options.jsquad()));
        List<Sources.Claim> claims = limit(Sources.readClaims(options.scifact()));
        List<Sources.Document> documents = limit(Sources.readCorpus(options.scifact()));
        log.printf("build-dataset: %d JSQuAD questions, %d SciFact claims, %d SciFact documents%n",
                questions.size(), claims.size(), documents.size());

        Map<String, List<List<PendingGroup>>> bySourcePriority = new LinkedHashMap<>();
        List<PendingGroup> ja = new ArrayList<>();
        for (Sources.Question q : questions) {
            String id = Sources.JSQUAD + ":" + q.id();
            ja.add(new PendingGroup(id, QueryTypes.JA, Sources.JSQUAD, Sources.LICENSE_JSQUAD,
                    hash("order", id), rnd -> japanese.derive(q.text(), rnd)));
        }
        List<PendingGroup> enClaims = new ArrayList<>();
        for (Sources.Claim c : claims) {
            String id = Sources.SCIFACT_QUERY + ":" + c.id();
            enClaims.add(new PendingGroup(id, QueryTypes.EN, Sources.SCIFACT_QUERY, Sources.LICENSE_SCIFACT,
                    hash("order", id), rnd -> english.deriveFromClaim(c.text(), rnd)));
        }
        List<PendingGroup> enTitles = new ArrayList<>();
        for (Sources.Document d : documents) {
            String id = Sources.SCIFACT_TITLE + ":" + d.id();
            enTitles.add(new PendingGroup(id, QueryTypes.EN, Sources.SCIFACT_TITLE, Sources.LICENSE_SCIFACT,
                    hash("order", id), rnd -> english.deriveFromDocument(d.title(), d.text(), rnd)));
        }
        bySourcePriority.put(QueryTypes.JA, List.of(ja));
        bySourcePriority.put(QueryTypes.EN, List.of(enClaims, enTitles));

        Set<String> used = new HashSet<>();
        List<Example> selected = new ArrayList<>();
        for (String language : QueryTypes.LANGUAGES) {
            selected.addAll(selectLanguage(language, handwritten, bySourcePriority.get(language), used));
        }
        selected.addAll(everyday(used));
        return split(selected);
    }

    /**
     * The everyday rows (after the derived ones, so that they never change which derived rows are taken): every
     * row of the first-pass files, except a row whose normalised query is already in the data set (an exact
     * duplicate of an earlier row, in file-name then line order), which is dropped and logged. Their {@code language}
     * is the writer's (the user's language), not the detector's.
     */
    List<Example> everyday(Set<String> used) throws IOException {
        if (!Files.isDirectory(options.everyday())) {
            log.printf("build-dataset: no everyday directory %s: no everyday rows%n", options.everyday());
            return List.of();
        }
        List<Sources.Everyday> rows = Sources.readEveryday(options.everyday());
        List<Example> out = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Sources.Everyday r : rows) {
            if (!used.add(normalize(r.query()))) {
                dropped.add(r.id());
                continue;
            }
            out.add(new Example(r.query(), r.type(), r.language(), Sources.EVERYDAY, Sources.EVERYDAY + ":" + r.register(),
                    Sources.EVERYDAY + ":" + r.group(), r.license(), r.id(), r.domain(), r.register()));
        }
        log.printf("build-dataset: %d everyday rows from %s; %d exact duplicates of earlier rows dropped %s%n",
                out.size(), options.everyday(), dropped.size(), dropped);
        return out;
    }

    private <T> List<T> limit(List<T> list) {
        return list.size() > options.maxGroups() ? list.subList(0, options.maxGroups()) : list;
    }

    private List<Example> selectLanguage(String language, List<Sources.Handwritten> handwritten,
                                         List<List<PendingGroup>> sources, Set<String> used) {
        List<Taken> taken = new ArrayList<>();
        Map<Type, Integer> counts = new EnumMap<>(Type.class);
        for (Type t : Type.values()) {
            counts.put(t, 0);
        }
        long sequence = 0;
        int skippedHandwritten = 0;
        for (Sources.Handwritten h : handwritten) {
            if (!h.language().equals(language)) {
                continue;
            }
            String detected = detect(h.query());
            if (!detected.equals(language)) {
                throw new IllegalStateException("hand-written line " + h.line() + " is " + language
                        + " but the service detects " + detected + ": " + h.query());
            }
            if (!used.add(normalize(h.query()))) {
                skippedHandwritten++;
                continue;
            }
            Example e = new Example(h.query().strip(), h.type(), language, Sources.HANDWRITTEN,
                    "handwritten:" + h.category(), Sources.HANDWRITTEN + ":" + h.group(), Sources.LICENSE_HANDWRITTEN);
            taken.add(new Taken(e, true, sequence++));
            counts.merge(Type.of(h.type()), 1, Integer::sum);
        }
        if (skippedHandwritten > 0) {
            log.printf("build-dataset: %s: %d duplicate hand-written rows skipped%n", language, skippedHandwritten);
        }
        Map<String, Integer> rejected = new TreeMap<>();
        for (List<PendingGroup> source : sources) {
            List<PendingGroup> ordered = new ArrayList<>(source);
            ordered.sort(Comparator.comparingLong(PendingGroup::order).thenComparing(PendingGroup::id));
            int processed = 0;
            for (PendingGroup g : ordered) {
                if (counts.values().stream().allMatch(c -> c >= options.perType())) {
                    break;
                }
                SplittableRandom rnd = new SplittableRandom(hash("rows", g.id()));
                Map<Type, List<Candidate>> candidates = g.derive().apply(rnd);
                for (Type type : Type.values()) {
                    if (counts.get(type) >= options.perType()) {
                        continue;
                    }
                    for (Candidate c : candidates.getOrDefault(type, List.of())) {
                        String q = c.query().strip();
                        String why = check(language, c, q);
                        if (why == null && !used.add(normalize(q))) {
                            why = "duplicate";
                        }
                        if (why != null) {
                            rejected.merge(c.rule() + " " + why, 1, Integer::sum);
                            continue;
                        }
                        Example e = new Example(q, type.label(), language, g.source(), c.rule(), g.id(), g.license());
                        taken.add(new Taken(e, false, sequence++));
                        counts.merge(type, 1, Integer::sum);
                        break;
                    }
                }
                if (++processed % 500 == 0) {
                    log.printf("build-dataset: %s %s: %d groups, counts %s%n", language, g.source(), processed,
                            counts);
                }
            }
            log.printf("build-dataset: %s: after %d groups of %s: %s%n", language, processed,
                    source.isEmpty() ? "-" : source.get(0).source(), counts);
        }
        if (!rejected.isEmpty()) {
            log.printf("build-dataset: %s: candidates rejected (rule reason=count): %s%n", language, rejected);
        }
        return balance(language, taken, counts);
    }

    /** Drops the last-taken generated rows of the larger types until every type has the smallest count. */
    private List<Example> balance(String language, List<Taken> taken, Map<Type, Integer> counts) {
        int target = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        Map<Type, Integer> excess = new EnumMap<>(Type.class);
        for (Type t : Type.values()) {
            excess.put(t, counts.get(t) - target);
        }
        List<Taken> kept = new ArrayList<>();
        for (int i = taken.size() - 1; i >= 0; i--) {
            Taken t = taken.get(i);
            Type type = Type.of(t.example().type());
            if (!t.handwritten() && excess.get(type) > 0) {
                excess.merge(type, -1, Integer::sum);
            } else {
                kept.add(t);
            }
        }
        if (excess.values().stream().anyMatch(x -> x > 0)) {
            throw new IllegalStateException(language + ": cannot balance types, hand-written rows alone exceed "
                    + "the smallest type: " + counts);
        }
        kept.sort(Comparator.comparingLong(Taken::sequence));
        log.printf("build-dataset: %s: balanced to %d rows per type%n", language, target);
        return kept.stream().map(Taken::example).toList();
    }

    /** Returns null when the candidate is acceptable for its type and language, else the reason. */
    String check(String language, Candidate c, String q) {
        if (q.isEmpty() || q.length() > 1000) {
            return "length";
        }
        if (!detect(q).equals(language)) {
            return "language";
        }
        boolean ok = switch (c.type()) {
            case SEMANTIC -> true;
            case KEYWORD -> language.equals(QueryTypes.JA) ? japanese.checkKeyword(q)
                    : c.rule().endsWith("+stop-words") ? EnglishRules.checkStrayStopWords(q)
                    : EnglishRules.checkKeyword(q);
            case HYBRID -> language.equals(QueryTypes.JA) ? japanese.checkHybrid(q) : english.checkHybridTagged(q);
        };
        return ok ? null : "check";
    }

    static String detect(String q) {
        return LanguageDetector.detect(q) == Language.JA ? QueryTypes.JA : QueryTypes.EN;
    }

    /** The duplicate key: NFKC, lower case, whitespace collapsed. */
    public static String normalize(String q) {
        String s = Normalizer.normalize(q, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return s.strip().replaceAll("\\s+", " ");
    }

    // ---------------------------------------------------------------------------------------------- split

    Splits split(List<Example> rows) {
        // groups per (language, source), in the order of their split hash; everyday groups also per type set
        Map<String, java.util.TreeSet<String>> typesOfGroup = new java.util.HashMap<>();
        for (Example e : rows) {
            typesOfGroup.computeIfAbsent(e.group(), k -> new java.util.TreeSet<>()).add(e.type());
        }
        Map<String, java.util.TreeSet<String>> groupsByStratum = new TreeMap<>();
        for (Example e : rows) {
            String stratum = e.language() + "/" + e.source();
            if (e.source().equals(Sources.EVERYDAY)) {
                stratum += "/" + String.join("+", typesOfGroup.get(e.group())) + "/" + EverydayBatch.of(e.group());
            }
            groupsByStratum.computeIfAbsent(stratum, k -> new java.util.TreeSet<>()).add(e.group());
        }
        Map<String, Integer> splitOf = new java.util.HashMap<>();
        for (java.util.TreeSet<String> groups : groupsByStratum.values()) {
            List<String> sorted = new ArrayList<>(groups);
            sorted.sort(Comparator.comparingLong((String g) -> hash("split", g)).thenComparing(g -> g));
            int n = sorted.size();
            int trainEnd = (int) Math.round(n * TRAIN);
            int devEnd = (int) Math.round(n * (TRAIN + DEV));
            for (int i = 0; i < n; i++) {
                splitOf.put(sorted.get(i), i < trainEnd ? 0 : i < devEnd ? 1 : 2);
            }
        }
        List<List<Example>> out = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Example e : rows) {
            out.get(splitOf.get(e.group())).add(e);
        }
        Comparator<Example> order = Comparator.comparing(Example::language, Comparator.reverseOrder())
                .thenComparing(Example::source).thenComparing(Example::group)
                .thenComparing(e -> Type.of(e.type()).ordinal()).thenComparing(Example::query);
        for (List<Example> l : out) {
            l.sort(order);
        }
        return new Splits(List.copyOf(out.get(0)), List.copyOf(out.get(1)), List.copyOf(out.get(2)));
    }

    /** A 64-bit hash of the seed, a purpose and a group id. */
    long hash(String purpose, String id) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest((options.seed() + "|" + purpose + "|" + id).getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- write

    void write(Splits s) throws IOException {
        Files.createDirectories(options.out());
        Jsonl.write(options.out().resolve("train.jsonl"), s.train());
        Jsonl.write(options.out().resolve("dev.jsonl"), s.dev());
        Jsonl.write(options.out().resolve("test.jsonl"), s.test());
        Files.writeString(options.out().resolve("stats.md"), Stats.markdown(s, options, this::sha256),
                StandardCharsets.UTF_8);
    }

    private String sha256(String file) {
        try {
            byte[] bytes = Files.readAllBytes(options.out().resolve(file));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
