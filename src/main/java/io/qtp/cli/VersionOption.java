package io.qtp.cli;

import picocli.CommandLine.Option;

/** {@code --version}, the same in every command that writes a versioned artifact: the version it writes into it. */
public final class VersionOption {

    @Option(names = "--version", defaultValue = "1.0.0", paramLabel = "VERSION",
            description = "the version written into the model it writes (a trained model serves it as modelVersion)")
    String version;

    /** The version; {@link IllegalArgumentException} when it is blank. */
    public String version() {
        if (version.isBlank()) {
            throw new IllegalArgumentException("--version must not be blank");
        }
        return version;
    }
}
