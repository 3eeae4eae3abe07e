package io.qtp.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.qtp.classify.trained.ModelBundle;

/**
 * What the prediction benchmarks share: the JMH settings (sample time in microseconds, one fork; JMH's class
 * annotations are inherited), the query mix, and a cursor that walks through an array of inputs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class QueryMixBenchmark {

    /** A typical mix: keyword, hybrid and semantic queries in both languages, short and long. */
    static final String[] QUERIES = {
        "PostgreSQL ベクトル検索 インデックス",
        "ニューラルネットワークの学習方法について教えてください",
        "ニューラルネットワーク 学習方法 最適化",
        "梅雨とは何季の一種か?",
        "Dockerコンテナのメモリ制限を設定する方法を教えてください",
        "東京タワーの高さはどれくらいですか",
        "machine learning algorithm comparison",
        "What are the best practices for implementing vector search in PostgreSQL?",
        "machine learning algorithm comparison for image recognition",
        "How do I reset my password",
        "java.lang.OutOfMemoryError heap",
        "\"connection refused\" nginx upstream",
        "kubernetes AND (helm OR kustomize) NOT openshift",
        "debug kubernetes aws on in",
        "explain the difference between TCP and UDP",
        "redis",
    };

    private int next;

    /** The next of {@code n} inputs, round and round. */
    protected final int step(int n) {
        next = (next + 1) % n;
        return next;
    }

    /** The bundled trained model, as the service loads it. */
    protected static ModelBundle bundledModel() throws Exception {
        return ModelBundle.loadFromClasspath("model/current");
    }
}
