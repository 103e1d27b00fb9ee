package io.github.rebalancedecs.benchmarks.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The child JVM of the cold synth measurement: synthesizes one stack once in a fresh JVM, as
 * {@code cdk synth} runs the app, and prints {@value #SYNTH_PREFIX} with the milliseconds from
 * the start of {@code main} to the end of the synthesis.
 */
public final class SynthProbe {

    static final String SYNTH_PREFIX = "SYNTH_MILLIS ";

    private SynthProbe() {
    }

    /** @param args the {@link StackKind} name and the output folder */
    public static void main(String[] args) throws IOException {
        StackKind kind = StackKind.valueOf(args[0]);
        Path outdir = Files.createDirectories(Path.of(args[1]));
        System.out.println(SYNTH_PREFIX + String.format(Locale.ROOT, "%.1f", kind.synthesizeMillis(outdir)));
    }
}
