package io.qtp.cli;

import picocli.CommandLine.Option;

/** {@code --seed}, the same in every command that draws at random: the same inputs and seed give the same output. */
public final class SeedOption {

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "seed of every random choice: the same inputs and seed give the same result")
    long seed;

    public long seed() {
        return seed;
    }
}
