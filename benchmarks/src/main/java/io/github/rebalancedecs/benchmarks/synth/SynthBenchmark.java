package io.github.rebalancedecs.benchmarks.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rebalancedecs.benchmarks.MarkdownTable;
import io.github.rebalancedecs.benchmarks.Summary;
import io.github.rebalancedecs.sampleapp.SampleApp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times the synthesis of the sample app against the plain Ec2Service stack with the same VPC and
 * cluster, in two ways:
 * <ul>
 *   <li>warm: in this JVM, after one synthesis of each stack has started the jsii runtime and
 *       loaded the classes; the runs alternate between the stacks;</li>
 *   <li>cold: a new JVM per synthesis, as {@code cdk synth} starts the app, timed from the start
 *       of the process to its exit.</li>
 * </ul>
 */
public final class SynthBenchmark {

    /** The target: the sample app takes at most 1.3 times as long as the plain stack. */
    public static final double TARGET_RATIO = 1.3;

    private final int runs;

    /** @param runs the syntheses per stack and way, at least 1 */
    public SynthBenchmark(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        this.runs = runs;
    }

    /** Runs both ways and returns the Markdown table. */
    public String run() throws IOException, InterruptedException {
        Path workspace = Files.createTempDirectory("synth-benchmark");
        try {
            Map<StackKind, List<Double>> warm = warm(workspace);
            Map<StackKind, List<Double>> cold = cold(workspace);
            MarkdownTable table = new MarkdownTable("Synthesis", "Sample app (ms)", "Plain Ec2Service stack (ms)",
                    "Ratio of medians", "At most 1.3");
            row(table, "warm JVM, jsii runtime started", warm);
            row(table, "new JVM per synthesis, process start to exit", cold);
            return table.render() + "\nCloudFormation resources: sample app "
                    + resourceCount(workspace.resolve("warm-up-" + StackKind.SAMPLE)) + ", plain stack "
                    + resourceCount(workspace.resolve("warm-up-" + StackKind.PLAIN)) + ".\n";
        } finally {
            deleteRecursively(workspace);
        }
    }

    /** Synthesizes each stack once to warm up, then {@code runs} times each, alternating. */
    public Map<StackKind, List<Double>> warm(Path workspace) throws IOException {
        Map<StackKind, List<Double>> millis = new EnumMap<>(StackKind.class);
        int synthesis = 0;
        for (StackKind kind : StackKind.values()) {
            kind.synthesizeMillis(workspace.resolve("warm-up-" + kind));
            millis.put(kind, new ArrayList<>());
        }
        for (int run = 0; run < runs; run++) {
            for (StackKind kind : StackKind.values()) {
                Path outdir = workspace.resolve("warm-" + synthesis++);
                millis.get(kind).add(kind.synthesizeMillis(outdir));
                deleteRecursively(outdir);
            }
        }
        return millis;
    }

    private Map<StackKind, List<Double>> cold(Path workspace) throws IOException, InterruptedException {
        Map<StackKind, List<Double>> millis = new EnumMap<>(StackKind.class);
        for (StackKind kind : StackKind.values()) {
            millis.put(kind, new ArrayList<>());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int synthesis = 0;
        for (int run = 0; run < runs; run++) {
            for (StackKind kind : StackKind.values()) {
                Path outdir = workspace.resolve("cold-" + synthesis++);
                ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        SynthProbe.class.getName(), kind.name(), outdir.toString());
                builder.redirectErrorStream(true);
                long start = System.nanoTime();
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0
                        || !output.contains(SynthProbe.SYNTH_PREFIX)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Synthesis of the " + kind.label() + " failed:\n" + output);
                }
                millis.get(kind).add((System.nanoTime() - start) / 1e6);
                deleteRecursively(outdir);
            }
        }
        return millis;
    }

    /** Returns the number of resources in the template that a synthesis wrote to {@code outdir}. */
    private static int resourceCount(Path outdir) throws IOException {
        Path template = outdir.resolve(SampleApp.STACK_NAME + ".template.json");
        return new ObjectMapper().readTree(template.toFile()).path("Resources").size();
    }

    private static void row(MarkdownTable table, String label, Map<StackKind, List<Double>> millis) {
        Summary sample = Summary.of(millis.get(StackKind.SAMPLE));
        Summary plain = Summary.of(millis.get(StackKind.PLAIN));
        double ratio = sample.median() / plain.median();
        table.row(label, sample.format(0), plain.format(0), String.format(Locale.ROOT, "%.2f", ratio),
                ratio <= TARGET_RATIO ? "yes" : "no");
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
