package io.qtp.prediction;

import io.qtp.analysis.QueryAnalyzer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the framework-free analyser a bean, created eagerly so that model loading is paid at start-up. */
public class AnalyzerProducer {

    @Produces
    @Singleton
    @Startup
    QueryAnalyzer queryAnalyzer() {
        QueryAnalyzer analyzer = new QueryAnalyzer();
        // Warm up both language paths so the first request does not pay for class loading and JIT.
        for (int i = 0; i < 200; i++) {
            analyzer.analyze("ニューラルネットワークの学習方法について教えてください");
            analyzer.analyze("What are the best practices for implementing vector search in PostgreSQL?");
        }
        return analyzer;
    }
}
