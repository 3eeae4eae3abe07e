package io.qtp.prediction;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.inject.Singleton;

/** Test-only: a real observer (beside the query-log writer) that keeps the last results it was told of. */
@Singleton
public class RecordingObserver implements PredictionObserver {

    private static final int KEPT = 1000;
    private final Deque<PredictionResult> results = new ArrayDeque<>();

    @Override
    public synchronized void onPrediction(PredictionResult result, String userId) {
        if (results.size() == KEPT) {
            results.removeFirst();
        }
        results.addLast(result);
    }

    /** The results kept for this query, oldest first. */
    public synchronized List<PredictionResult> of(String query) {
        List<PredictionResult> out = new ArrayList<>();
        results.stream().filter(r -> r.query().equals(query)).forEach(out::add);
        return out;
    }
}
