package io.github.rebalancedecs.emulator.cli;

import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.ScenarioLoader;
import io.github.rebalancedecs.emulator.scenario.ScenarioRunner;
import io.github.rebalancedecs.emulator.scenario.SimulatedRebalancer;
import io.github.rebalancedecs.emulator.scenario.SimulationReportPrinter;
import io.github.rebalancedecs.emulator.scenario.SimulationResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: runs a scenario on the emulator's virtual clock and prints, at each step, the
 * table of Task ID, container instance ID and AZ, the tasks per AZ, and a summary.
 *
 * <p>The CLI module, which depends on the runtime, constructs this command with the runtime's
 * rebalancer for {@code --rebalancer fallback}. Constructed without one, {@code fallback}
 * prints that it is unavailable and exits with {@link #EXIT_FALLBACK_UNAVAILABLE}.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Runs a scenario (cluster, services, timeline) on a local ECS emulator with a virtual clock "
                + "and prints the task table at each step and a summary.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the simulation ran",
            "2:invalid options or scenario file",
            "3:the fallback rebalancer is not available in this command"
        })
public final class SimulateCommand implements Callable<Integer> {

    /** Exit code when {@code --rebalancer fallback} is asked for and no rebalancer was plugged in. */
    public static final int EXIT_FALLBACK_UNAVAILABLE = 3;

    /** Exit code for a scenario file that cannot be read or is invalid, as picocli uses for bad options. */
    public static final int EXIT_INVALID_INPUT = 2;

    private final SimulatedRebalancer fallbackRebalancer;

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "FILE|NAME",
            description = "A scenario file in YAML or JSON, or the name of a shipped scenario: "
                    + "observed-case-1, observed-case-2, observed-case-3.")
    private String scenario;

    @Option(names = "--rebalancer", paramLabel = "native|fallback|none", defaultValue = "native",
            description = "Which rebalancer acts: ECS native AZ rebalancing, the rebalanced-ecs fallback rebalancer, "
                    + "or none. Default: ${DEFAULT-VALUE}.")
    private String rebalancer;

    @Option(names = "--seed", paramLabel = "N",
            description = "Overrides the scenario's seed for random placement and fault rates.")
    private Long seed;

    @Option(names = "--summary-only", description = "Prints only the summary, not each step.")
    private boolean summaryOnly;

    /** Creates the command without a fallback rebalancer. */
    public SimulateCommand() {
        this(null);
    }

    /**
     * @param fallbackRebalancer the rebalancer for {@code --rebalancer fallback}, or {@code null}
     *                           when none is available
     */
    public SimulateCommand(SimulatedRebalancer fallbackRebalancer) {
        this.fallbackRebalancer = fallbackRebalancer;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        RebalancerMode mode;
        try {
            mode = RebalancerMode.parse(rebalancer);
        } catch (IllegalArgumentException e) {
            err.println("Invalid value for --rebalancer: " + e.getMessage());
            return EXIT_INVALID_INPUT;
        }
        if (mode == RebalancerMode.FALLBACK && fallbackRebalancer == null) {
            err.println("The fallback rebalancer is not available in the ecs-emulator's simulate command, because "
                    + "this module does not include the runtime. Run simulate from the rebalanced-ecs CLI, or choose "
                    + "--rebalancer native or none.");
            return EXIT_FALLBACK_UNAVAILABLE;
        }

        Scenario loaded;
        try {
            loaded = withSeed(ScenarioLoader.load(scenario));
        } catch (IOException e) {
            err.println("Failed to read scenario " + scenario + ": " + e.getMessage());
            return EXIT_INVALID_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_INVALID_INPUT;
        }

        SimulationReportPrinter printer = new SimulationReportPrinter(out);
        printer.printHeader(loaded, mode);
        SimulationResult result = new ScenarioRunner(loaded, mode, fallbackRebalancer)
                .run(step -> {
                    if (!summaryOnly) {
                        printer.printStep(step);
                    }
                });
        printer.printSummary(result);
        return 0;
    }

    private Scenario withSeed(Scenario loaded) {
        if (seed == null) {
            return loaded;
        }
        return new Scenario(loaded.name(), loaded.description(), loaded.settings().withSeed(seed),
                loaded.clusterName(), loaded.duration(),
                loaded.containerInstances(), loaded.services(), loaded.timeline());
    }
}
