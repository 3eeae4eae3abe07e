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
        // The one warm-up: both language paths, so the first request pays neither for class loading nor for the JIT.
        return new QueryAnalyzer().warmUp();
    }
}
