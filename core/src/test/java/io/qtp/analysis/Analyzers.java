package io.qtp.analysis;

/** One analyser for all test classes: loading the models once keeps the suite fast. */
public final class Analyzers {
    private Analyzers() {
    }

    private static final class Holder {
        static final QueryAnalyzer INSTANCE = new QueryAnalyzer();
    }

    public static QueryAnalyzer shared() {
        return Holder.INSTANCE;
    }

    public static QueryAnalysis analyze(String query) {
        return shared().analyze(query);
    }
}
