package io.github.rebalancedecs.benchmarks;

import io.github.rebalancedecs.benchmarks.apicalls.ApiCallBenchmark;
import io.github.rebalancedecs.benchmarks.balance.BalanceSection;
import io.github.rebalancedecs.benchmarks.lambda.LambdaStartupBenchmark;
import io.github.rebalancedecs.benchmarks.planner.PlannerBenchmarkRunner;
import io.github.rebalancedecs.benchmarks.synth.SynthBenchmark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the benchmarks and writes a Markdown report. BENCHMARKS.md at the repository root has
 * the results of a full run, the command and the machine.
 *
 * <pre>
 * mvn -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     io.github.rebalancedecs.benchmarks.BenchmarkSuite
 * </pre>
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "Runs the rebalanced-ecs benchmarks and writes a Markdown report.")
public final class BenchmarkSuite implements Callable<Integer> {

    /** The parts of the report. */
    enum Section {
        /** Time to balance and cost of a rebalance, with the plot. */
        BALANCE,
        /** ECS API calls per reconcile against the lower bound. */
        API_CALLS,
        /** Planner time and allocation with JMH. */
        PLANNER,
        /** Lambda jar size and start-up. */
        LAMBDA,
        /** Synth time of the sample app against a plain Ec2Service stack. */
        SYNTH
    }

    @Option(names = "--sections", split = ",", paramLabel = "SECTION",
            description = "The sections to run, separated by commas: ${COMPLETION-CANDIDATES}. Default: all.")
    private Set<Section> sections = EnumSet.allOf(Section.class);

    @Option(names = "--runs", paramLabel = "N", description = "Runs per measurement. Default: ${DEFAULT-VALUE}.")
    private int runs = 5;

    @Option(names = "--event-delay-seconds", paramLabel = "SECONDS",
            description = "Time from an ECS change to the fallback invocation it triggers (EventBridge delivery "
                    + "and function start). Default: ${DEFAULT-VALUE}.")
    private int eventDelaySeconds = 10;

    @Option(names = "--large-service-hours", paramLabel = "HOURS",
            description = "Virtual hours the 300-task scenario covers. Default: ${DEFAULT-VALUE}.")
    private int largeServiceHours = 8;

    @Option(names = "--lambda-jar", paramLabel = "FILE",
            description = "The Lambda deployment package. Default: ${DEFAULT-VALUE}.")
    private Path lambdaJar = Path.of("runtime/target/rebalanced-ecs-runtime-0.1.0-SNAPSHOT-lambda.jar");

    @Option(names = "--report", paramLabel = "FILE", description = "The Markdown report. Default: ${DEFAULT-VALUE}.")
    private Path report = Path.of("benchmarks/target/benchmark-report.md");

    @Option(names = "--plot", paramLabel = "FILE",
            description = "The PNG plot of tasks per AZ. Default: ${DEFAULT-VALUE}.")
    private Path plot = Path.of("docs/tasks-per-az-native-vs-fallback.png");

    public static void main(String[] args) {
        // The suite prints its own progress; the rebalancer's and emulator's info logs would drown it.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("aws.disableEc2Metadata", "true");
        System.exit(new CommandLine(new BenchmarkSuite()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--runs must be at least 1, got " + runs);
        }
        StringBuilder markdown = new StringBuilder();
        markdown.append("## Benchmark report\n\n")
                .append("Run at ").append(Instant.now()).append(" with ").append(runs).append(" runs per measurement.\n\n")
                .append(MachineInfo.current().toMarkdown())
                .append("- Load average (1, 5, 15 minutes) at the start: ").append(MachineInfo.loadAverage())
                .append("\n\n");

        if (sections.contains(Section.BALANCE)) {
            markdown.append(section("Time to balance and cost", () -> new BalanceSection(runs,
                    Duration.ofSeconds(eventDelaySeconds), Duration.ofHours(largeServiceHours)).run(plot)));
        }
        if (sections.contains(Section.API_CALLS)) {
            markdown.append(section("ECS API calls per reconcile", () -> new ApiCallBenchmark(runs).run()));
        }
        if (sections.contains(Section.PLANNER)) {
            markdown.append(section("Planner", () -> new PlannerBenchmarkRunner(runs).run()));
        }
        if (sections.contains(Section.LAMBDA)) {
            markdown.append(section("Lambda jar", () -> new LambdaStartupBenchmark(lambdaJar, runs).run()));
        }
        if (sections.contains(Section.SYNTH)) {
            markdown.append(section("Synth time", () -> new SynthBenchmark(runs).run()));
        }

        markdown.append("Load average (1, 5, 15 minutes) at the end: ").append(MachineInfo.loadAverage()).append('\n');
        Path parent = report.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(report, markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        System.out.println("Report written to " + report);
        return 0;
    }

    /** A part of the report that may fail with a checked exception. */
    @FunctionalInterface
    private interface SectionBody {
        String run() throws Exception;
    }

    private static String section(String title, SectionBody body) throws Exception {
        System.err.println("Running: " + title);
        long start = System.nanoTime();
        String markdown = body.run();
        System.err.println("Done: " + title + " in " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
        return "### " + title + "\n\n" + markdown + "\n";
    }
}
