package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.ecs.EcsAccessException;
import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.executor.ExecutorSettings;
import io.github.rebalancedecs.runtime.executor.ReconcileOutcome;
import io.github.rebalancedecs.runtime.executor.ReconcileResult;
import io.github.rebalancedecs.runtime.executor.RebalanceExecutor;
import io.github.rebalancedecs.runtime.executor.RebalanceRunner;
import io.github.rebalancedecs.runtime.executor.ServiceRunSummary;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rebalance}: plans, requests confirmation, then runs the rebalancer's executor for each
 * service until its operation ends, printing each step.
 *
 * <p>The executor records every operation in tags on the service. When this command stops
 * waiting, or is interrupted, the next {@code rebalance} or the scheduled rebalancer completes or
 * undoes the operation from those tags.
 *
 * <p>NOTE: those tags are the only coordination with a scheduled rebalancer of the same service.
 * Nothing stops both from starting an operation within the same few seconds, and what the two
 * then do is not tested.
 */
@Command(
        name = "rebalance",
        mixinStandardHelpOptions = true,
        description = {
            "Rebalances the tasks of each service across Availability Zones (AZs) now, such as in a maintenance "
                    + "window, and follows each operation to the end, printing every step.",
            "Shows the plan and asks for confirmation first, unless --yes is given. An operation that is still "
                    + "in flight when the command stops waiting continues when rebalance or the scheduled "
                    + "rebalancer runs next."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every service is balanced, or its operation completed",
            "1:error, a service left unbalanced (the reason is printed), or the rebalance was cancelled",
            "2:invalid command line"
        })
final class RebalanceCommand extends ServiceCommand {

    /** An outcome of the CLI's own: the command stopped waiting while the operation was in flight. */
    static final String IN_FLIGHT = "IN_FLIGHT";

    private static final DateTimeFormatter STEP_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @Option(names = {"-y", "--yes"}, description = "Rebalances without asking for confirmation.")
    boolean yes;

    @Option(names = "--poll-interval", paramLabel = "SECONDS",
            description = "The seconds between two steps while an operation is in flight. Default: ${DEFAULT-VALUE}.")
    int pollIntervalSeconds = 10;

    @Option(names = "--wait-timeout-minutes", paramLabel = "MINUTES",
            description = "How long the command follows the operations before it stops waiting. "
                    + "Default: ${DEFAULT-VALUE}.")
    int waitTimeoutMinutes = 30;

    @Option(names = "--task-start-timeout-minutes", paramLabel = "MINUTES",
            description = "How long new tasks may take to be RUNNING and healthy, as ECS reports their health, "
                    + "before the operation rolls back. Default: ${DEFAULT-VALUE}.")
    long taskStartTimeoutMinutes = ExecutorSettings.DEFAULTS.taskStartTimeout().toMinutes();

    RebalanceCommand(CliContext context) {
        super(context);
    }

    /** The document that {@code --output json} prints. */
    record RebalanceReport(String cluster, RebalancePolicy policy, boolean rebalanced,
            List<ServiceRebalance> services, List<ServiceSelection.SkippedService> skipped) {
        RebalanceReport {
            services = List.copyOf(services);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The result of the rebalance for one service.
     *
     * @param service        the service name
     * @param plan           the plan shown before the confirmation
     * @param outcome        the outcome of the last step, {@code NO_ACTION} when nothing ran, or
     *                       {@value #IN_FLIGHT}
     * @param message        the outcome in words
     * @param balanced       true when the service ends balanced or needs no rebalancing
     * @param movesCompleted the moves that landed
     * @param steps          every step that changed something or reported something new
     * @param after          the service after the operation, or {@code null} when nothing ran or
     *                       the last read failed
     */
    record ServiceRebalance(String service, ServicePlan plan, String outcome, String message, boolean balanced,
            int movesCompleted, List<Step> steps, ServiceStatus after) {
        ServiceRebalance {
            steps = List.copyOf(steps);
        }
    }

    /**
     * One reconcile step as printed.
     *
     * @param at         when the step ran
     * @param outcome    what the step did
     * @param message    the step in words
     * @param tasksPerAz running tasks per Availability Zone at the step, or {@code null} when the
     *                   read failed
     * @param skew       the skew at the step, or {@code null} when the read failed
     */
    record Step(Instant at, ReconcileOutcome outcome, String message, SortedMap<String, Integer> tasksPerAz,
            Integer skew) {
        Step {
            tasksPerAz = tasksPerAz == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(tasksPerAz));
        }
    }

    @Override
    void validate() {
        super.validate();
        policyOptions.validate(this);
        requireAtLeast("--poll-interval", pollIntervalSeconds, 1);
        requireAtLeast("--wait-timeout-minutes", waitTimeoutMinutes, 1);
        if (taskStartTimeoutMinutes < 1) {
            throw usageError("--task-start-timeout-minutes must be at least 1, got " + taskStartTimeoutMinutes);
        }
    }

    @Override
    int run(EcsConnection connection, ServiceSelection selection) {
        RebalancePolicy policy = policyOptions.policy(maxSkew);
        List<SelectedService> services = selection.services();
        PrintWriter progress = progress();
        EcsServiceObserver observer = observer(connection);

        // 1. Plan and show the plan, as the plan command does.
        List<ServicePlan> plans = ServicePlan.planAll(observer, clusterName, services, policy, context.clock());
        plans.forEach(plan -> PlanCommand.printTable(progress, plan));
        List<ServicePlan> toRun = plans.stream().filter(ServicePlan::needsRun).toList();

        // 2. Ask before changing anything.
        Map<String, ServiceProgress> runs = new LinkedHashMap<>();
        if (toRun.isEmpty()) {
            progress.println("Nothing to rebalance.");
        } else if (!yes && !confirmed(progress, toRun.size())) {
            progress.println("Rebalance cancelled; nothing changed.");
            progress.flush();
            return RebalancedEcs.EXIT_ERROR;
        } else {
            // 3. Step every service until its operation ends or the wait times out.
            ExecutorSettings settings = new ExecutorSettings(Duration.ofMinutes(taskStartTimeoutMinutes),
                    ExecutorSettings.DEFAULTS.protectionMinutes(), ExecutorSettings.DEFAULTS.ineffectiveCooldown(),
                    false);
            RebalanceExecutor executor = new RebalanceExecutor(observer,
                    new EcsServiceOperations(connection.ecs()), policy, settings, context.clock());
            toRun.forEach(plan -> runs.put(plan.service(), new ServiceProgress(plan.service())));
            follow(executor, runs, progress);
        }

        // 4. Report the end state of every service.
        List<ServiceRebalance> results = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceProgress run = runs.get(services.get(i).serviceName());
            results.add(run == null
                    ? notRun(plans.get(i))
                    : finished(plans.get(i), run, endState(observer, services.get(i), progress)));
        }
        boolean rebalanced = results.stream().allMatch(ServiceRebalance::balanced);
        printSummary(progress, results, rebalanced);
        if (output == OutputFormat.JSON) {
            Json.print(out(), new RebalanceReport(clusterName, policy, rebalanced, results, selection.skipped()));
        }
        return rebalanced ? RebalancedEcs.EXIT_OK : RebalancedEcs.EXIT_ERROR;
    }

    private boolean confirmed(PrintWriter progress, int serviceCount) {
        progress.print("Rebalance " + serviceCount + " service(s) in cluster " + clusterName + " now? The rebalancer "
                + "changes desired counts, task protection and service tags, and stops the tasks listed above. "
                + "[y/N] ");
        progress.flush();
        String answer;
        try {
            answer = context.input().readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the answer to the confirmation prompt", e);
        }
        if (!context.inputIsTerminal()) {
            progress.println(answer == null ? "" : answer);
        }
        if (answer == null) {
            throw new CliException("No answer to the confirmation prompt, because standard input is closed: "
                    + "pass --yes to rebalance without asking");
        }
        String normalized = answer.trim().toLowerCase(Locale.ROOT);
        return normalized.equals("y") || normalized.equals("yes");
    }

    /**
     * Follows the operations with the rebalancer's own runner, printing each step as it happens,
     * until every operation ends or the wait times out.
     */
    private void follow(RebalanceExecutor executor, Map<String, ServiceProgress> runs, PrintWriter progress) {
        Instant deadline = context.clock().instant().plus(Duration.ofMinutes(waitTimeoutMinutes));
        // No reserve: the deadline is when the operator stops waiting, and a step may run past it.
        RebalanceRunner runner = new RebalanceRunner(executor, context.sleeper(),
                Duration.ofSeconds(pollIntervalSeconds), Duration.ZERO);
        List<ServiceRunSummary> summaries = runner.run(clusterName, List.copyOf(runs.keySet()), true,
                () -> Duration.between(context.clock().instant(), deadline).toMillis(),
                step -> {
                    ServiceProgress run = runs.get(step.serviceName());
                    if (run.record(step, context.clock().instant())) {
                        printStep(progress, run.service, run.steps.get(run.steps.size() - 1));
                    }
                });

        boolean inFlight = summaries.stream().anyMatch(summary -> !summary.last().outcome().isTerminal());
        if (inFlight && Thread.currentThread().isInterrupted()) {
            progress.println("Interrupted while waiting.");
        } else if (inFlight) {
            progress.println("Stopped waiting after " + waitTimeoutMinutes + " minute(s).");
        }
    }

    private ServiceStatus endState(EcsServiceObserver observer, SelectedService service, PrintWriter progress) {
        try {
            return ServiceStatus.of(observer.observe(clusterName, service.serviceName()), service, maxSkew,
                    context.clock().instant());
        } catch (EcsAccessException e) {
            // The operation's outcome is known; a failed last read only leaves the end state unshown.
            progress.println("Failed to read the end state of " + service.serviceName() + ": " + e.getMessage());
            return null;
        }
    }

    private static ServiceRebalance notRun(ServicePlan plan) {
        return new ServiceRebalance(plan.service(), plan, ReconcileOutcome.NO_ACTION.name(),
                plan.reason() + ": " + plan.description() + " (" + plan.detail() + ")", plan.nothingToBalance(), 0,
                List.of(), null);
    }

    private ServiceRebalance finished(ServicePlan plan, ServiceProgress run, ServiceStatus after) {
        ReconcileResult last = run.last;
        if (!last.outcome().isTerminal()) {
            return new ServiceRebalance(plan.service(), plan, IN_FLIGHT, "the operation is still in flight ("
                    + last.message() + "); run rebalance again, or let the scheduled rebalancer continue it",
                    false, run.movesCompleted, run.steps, after);
        }
        boolean balanced = last.outcome() == ReconcileOutcome.COMPLETED
                || (last.outcome() == ReconcileOutcome.NO_ACTION && last.plan() != null
                        && ServiceStatus.NOTHING_TO_BALANCE.contains(last.plan().reason()));
        return new ServiceRebalance(plan.service(), plan, last.outcome().name(), last.message(), balanced,
                run.movesCompleted, run.steps, after);
    }

    private void printStep(PrintWriter progress, String service, Step step) {
        String distribution = step.tasksPerAz() == null
                ? ""
                : "  [" + StatusCommand.formatCounts(step.tasksPerAz()) + "; skew " + step.skew() + "]";
        progress.println(STEP_TIME.format(step.at()) + "  " + service + "  " + step.outcome() + "  " + step.message()
                + distribution);
        progress.flush();
    }

    private void printSummary(PrintWriter progress, List<ServiceRebalance> results, boolean rebalanced) {
        progress.println();
        for (ServiceRebalance result : results) {
            if (result.after() != null && output == OutputFormat.TABLE) {
                StatusCommand.printTable(progress, result.after());
            }
        }
        for (ServiceRebalance result : results) {
            progress.println(result.service() + ": " + result.outcome() + ": " + result.message());
        }
        if (!rebalanced) {
            progress.println("Not every service is balanced; see the reasons above.");
        }
        progress.flush();
    }

    /** The steps of one service so far. */
    private static final class ServiceProgress {
        private final String service;
        private final List<Step> steps = new ArrayList<>();
        private ReconcileResult last;
        private int movesCompleted;

        ServiceProgress(String service) {
            this.service = service;
        }

        /**
         * Records a step and returns true when it is worth printing: anything but a wait that
         * repeats the previous step's message and distribution.
         */
        boolean record(ReconcileResult result, Instant at) {
            AzDistribution distribution = result.distribution();
            Step step = new Step(at, result.outcome(), result.message(),
                    distribution == null ? null : distribution.tasksPerAz(),
                    distribution == null ? null : distribution.skew());
            boolean repeat = last != null && result.outcome() == ReconcileOutcome.WAITING
                    && last.outcome() == ReconcileOutcome.WAITING && last.message().equals(result.message())
                    && Objects.equals(steps.get(steps.size() - 1).tasksPerAz(), step.tasksPerAz());
            last = result;
            movesCompleted += result.movesCompleted();
            if (repeat) {
                return false;
            }
            steps.add(step);
            return true;
        }
    }
}
