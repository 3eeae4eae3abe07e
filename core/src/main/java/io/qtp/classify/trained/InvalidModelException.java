package io.qtp.classify.trained;

/**
 * A model directory that must not serve: missing or unparseable metadata, a checksum, feature-set, encoder or
 * label mismatch, a model file that does not deserialise or does not predict. Checked, so that every caller
 * that swaps models decides what keeps serving when a candidate is refused.
 */
public final class InvalidModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
