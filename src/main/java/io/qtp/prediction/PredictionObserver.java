package io.qtp.prediction;

/**
 * Told of every prediction the service answers (for example to log it to the database). Called on the event
 * loop: implementations must return at once and never block.
 */
public interface PredictionObserver {

    void onPrediction(PredictionResult result, String userId);
}
