package io.github.rebalancedecs.benchmarks.lambda;

import io.github.rebalancedecs.benchmarks.MarkdownTable;
import io.github.rebalancedecs.benchmarks.Summary;
import io.github.rebalancedecs.benchmarks.balance.BalanceScenarios;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.TimelinePlayer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Measures the Lambda jar: its size, the parts that make it up, and the start-up of a JVM on
 * it, from process start to the first event handled against the emulator, with and without the
 * SnapStart priming step.
 *
 * <p>The child JVM runs with the flags of the Lambda Java 17 and 21 managed runtimes: tiered
 * compilation stopped at level 1 and the serial garbage collector ("Customize Java runtime
 * startup behavior for Lambda functions", AWS Lambda Developer Guide). The event is the
 * schedule's event on observed case 3, whose three tasks run on one instance, so the first
 * invocation reads the service, plans two moves and starts a surge.
 */
public final class LambdaStartupBenchmark {

    /** The size budget: 8 MB counted as 8,000,000 bytes. */
    public static final long MAX_JAR_BYTES = 8_000_000;

    /** The start-up target: JVM start to the first event handled in under 1 second. */
    public static final double TARGET_START_MILLIS = 1000;

    static final List<String> LAMBDA_JVM_OPTIONS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Scenario OBSERVED_CASE_3 = BalanceScenarios.observedCase("observed-case-3");

    /**
     * One start of the child JVM.
     *
     * @param processToFirstResponseMillis from process start to the first response on its output,
     *                                     measured by this JVM
     * @param handlerMillis                the handler's constructor
     * @param primingMillis                {@code SnapStartPriming.prime}; 0 without priming
     * @param firstEventMillis             the first event
     * @param secondEventMillis            the second event, on the warm handler
     * @param firstOutcome                 the outcome of the first event, such as STARTED
     */
    public record Run(double processToFirstResponseMillis, double handlerMillis, double primingMillis,
            double firstEventMillis, double secondEventMillis, String firstOutcome) {
    }

    private final Path lambdaJar;
    private final int runs;

    /**
     * @param lambdaJar the Lambda deployment package
     * @param runs      the JVM starts per mode, at least 1
     */
    public LambdaStartupBenchmark(Path lambdaJar, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        this.lambdaJar = lambdaJar;
        this.runs = runs;
    }

    /** Measures the jar and its start-up and returns the Markdown tables. */
    public String run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(lambdaJar)) {
            throw new IllegalArgumentException("No Lambda jar at " + lambdaJar.toAbsolutePath()
                    + "; build it with mvn -pl runtime package, or pass --lambda-jar");
        }
        List<Run> cold = new ArrayList<>();
        List<Run> primed = new ArrayList<>();
        // Alternate the modes, so that a slow phase of the machine does not fall on one mode only.
        for (int index = 0; index < runs; index++) {
            cold.add(runOnce(false));
            primed.add(runOnce(true));
        }
        return sizeTable() + "\n" + startupTable(cold, primed);
    }

    /** Starts the jar once and handles the first and second event. */
    public Run runOnce(boolean withPriming) throws IOException, InterruptedException {
        try (EcsEmulator emulator = EcsEmulator.start(OBSERVED_CASE_3.settings())) {
            allTasksOnOneInstance(emulator);

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(LAMBDA_JVM_OPTIONS);
            command.addAll(List.of("-cp", lambdaJar + File.pathSeparator + probeClasspath(),
                    LambdaStartupProbe.class.getName(), withPriming ? "primed" : "cold"));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("REBALANCER_")
                    || name.equals("JAVA_TOOL_OPTIONS"));
            environment.put("AWS_REGION", emulator.region());
            environment.put("AWS_ACCESS_KEY_ID", "benchmark");
            environment.put("AWS_SECRET_ACCESS_KEY", "benchmark");
            environment.put("AWS_EC2_METADATA_DISABLED", "true");
            environment.put("REBALANCER_CLUSTER_NAME", OBSERVED_CASE_3.clusterName());
            environment.put("REBALANCER_SERVICE_NAMES", OBSERVED_CASE_3.services().get(0).spec().serviceName());
            environment.put("REBALANCER_ECS_ENDPOINT", emulator.endpoint().toString());
            builder.redirectErrorStream(true);

            long start = System.nanoTime();
            Process process = builder.start();
            double firstResponseMillis = -1;
            String response = null;
            String timing = null;
            StringBuilder output = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith(LambdaStartupProbe.RESPONSE_PREFIX) && response == null) {
                        firstResponseMillis = (System.nanoTime() - start) / 1e6;
                        response = line.substring(LambdaStartupProbe.RESPONSE_PREFIX.length());
                    } else if (line.startsWith(LambdaStartupProbe.TIMING_PREFIX)) {
                        timing = line.substring(LambdaStartupProbe.TIMING_PREFIX.length());
                    }
                    output.append(line).append('\n');
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || response == null
                    || timing == null) {
                process.destroyForcibly();
                throw new IllegalStateException("The Lambda jar did not handle its events:\n" + output);
            }
            Map<String, Double> phases = parseTiming(timing);
            return new Run(firstResponseMillis, phases.get("handlerMillis"), phases.get("primingMillis"),
                    phases.get("firstEventMillis"), phases.get("secondEventMillis"), outcome(response));
        }
    }

    /** Returns the jar size table and its largest parts. */
    String sizeTable() throws IOException {
        long size = Files.size(lambdaJar);
        Map<String, long[]> parts = new HashMap<>();
        int entries;
        try (ZipFile jar = new ZipFile(lambdaJar.toFile())) {
            List<? extends ZipEntry> all = Collections.list(jar.entries());
            entries = all.size();
            for (ZipEntry entry : all) {
                long[] totals = parts.computeIfAbsent(part(entry.getName()), name -> new long[2]);
                totals[0] += entry.getCompressedSize();
                totals[1]++;
            }
        }
        MarkdownTable sizes = new MarkdownTable("Jar", "Bytes", "MB (10^6 bytes)", "MiB", "Entries",
                "Within 8,000,000 bytes");
        sizes.row(lambdaJar.getFileName(), String.format(Locale.ROOT, "%,d", size),
                String.format(Locale.ROOT, "%.2f", size / 1e6), String.format(Locale.ROOT, "%.2f", size / 1048576.0),
                String.format(Locale.ROOT, "%,d", entries), size <= MAX_JAR_BYTES ? "yes" : "no");
        MarkdownTable largest = new MarkdownTable("Part of the jar", "Compressed bytes", "Entries");
        parts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(8)
                .forEach(part -> largest.row("`" + part.getKey() + "`",
                        String.format(Locale.ROOT, "%,d", part.getValue()[0]), part.getValue()[1]));
        return sizes.render() + "\nLargest parts (the rest of the size is the ZIP headers of each entry):\n\n"
                + largest.render();
    }

    static String startupTable(List<Run> cold, List<Run> primed) {
        MarkdownTable table = new MarkdownTable("Start", "Process start to first event handled (ms)",
                "Under 1 s", "Handler constructor (ms)", "Priming (ms)", "First event (ms)", "Second event (ms)",
                "First outcome");
        Summary coldStart = summary(cold, Run::processToFirstResponseMillis);
        table.row("cold", coldStart.format(0), coldStart.median() < TARGET_START_MILLIS ? "yes" : "no",
                summary(cold, Run::handlerMillis).format(0), "",
                summary(cold, Run::firstEventMillis).format(0), summary(cold, Run::secondEventMillis).format(0),
                cold.get(0).firstOutcome());
        // With SnapStart, Lambda restores the snapshot taken after priming, so the priming time
        // is not part of the start and the target applies to the cold row only.
        table.row("primed", summary(primed, Run::processToFirstResponseMillis).format(0), "",
                summary(primed, Run::handlerMillis).format(0), summary(primed, Run::primingMillis).format(0),
                summary(primed, Run::firstEventMillis).format(0), summary(primed, Run::secondEventMillis).format(0),
                primed.get(0).firstOutcome());
        return table.render();
    }

    private static Summary summary(List<Run> runs, Function<Run, Double> value) {
        return Summary.of(runs.stream().map(value).toList());
    }

    /**
     * Sets observed case 3 up: the service's three tasks on one us-east-1c instance, and the
     * instances in us-east-1a and us-east-1b that its timeline registers after one minute.
     */
    private static void allTasksOnOneInstance(EcsEmulator emulator) {
        TimelinePlayer player = new TimelinePlayer(OBSERVED_CASE_3);
        player.setUp(emulator, false);
        player.applyDue(emulator, Duration.ofMinutes(1));
    }

    /** Returns the folder or jar that contains the probe class. */
    private static String probeClasspath() {
        try {
            return Path.of(LambdaStartupProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The probe's code source is not a file path", e);
        }
    }

    private static Map<String, Double> parseTiming(String timing) {
        Map<String, Double> phases = new HashMap<>();
        for (String pair : timing.trim().split(" ")) {
            String[] parts = pair.split("=");
            phases.put(parts[0], Double.parseDouble(parts[1]));
        }
        return phases;
    }

    private static String outcome(String response) {
        int start = response.indexOf("\"outcome\":\"");
        if (start < 0) {
            return "unknown";
        }
        int from = start + "\"outcome\":\"".length();
        return response.substring(from, response.indexOf('"', from));
    }

    /** Groups an entry name into the part the size table lists, such as {@code software/amazon/awssdk/services/ecs/model}. */
    private static String part(String name) {
        String[] segments = name.split("/");
        int depth = Math.min(segments.length - 1, name.startsWith("software/amazon/awssdk/services/") ? 6 : 4);
        if (depth <= 0) {
            return name;
        }
        return String.join("/", java.util.Arrays.copyOf(segments, depth));
    }
}
