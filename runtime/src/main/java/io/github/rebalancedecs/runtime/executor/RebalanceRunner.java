package io.github.rebalancedecs.runtime.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the executor for several services within one invocation: one step for every service
 * whose operation is still in flight, then a pause, until every service has a final outcome or
 * the invocation's time runs short. An operation that is still in flight then continues in the
 * next invocation from the tags on its service.
 */
public final class RebalanceRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RebalanceRunner.class);

    private final RebalanceExecutor executor;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final Duration reserve;

    /**
     * Creates a runner.
     *
     * @param pollInterval the pause between two rounds of steps
     * @param reserve      the time one round of steps may take; the runner starts no round with
     *                     less than {@code pollInterval + reserve} left
     */
    public RebalanceRunner(RebalanceExecutor executor, Sleeper sleeper, Duration pollInterval, Duration reserve) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.reserve = Objects.requireNonNull(reserve, "reserve");
    }

    /**
     * Runs the services until each has a final outcome or time runs short.
     *
     * @param remainingMillis the invocation's remaining time, such as Lambda's
     *                        {@code Context.getRemainingTimeInMillis}
     */
    public List<ServiceRunSummary> run(String clusterName, List<String> serviceNames, boolean mayStart,
            LongSupplier remainingMillis) {
        return run(clusterName, serviceNames, mayStart, remainingMillis, step -> { });
    }

    /**
     * Runs the services as {@link #run(String, List, boolean, LongSupplier)} does and passes
     * every step to {@code stepListener} as soon as it returns, for example to print progress.
     *
     * <p>When the run stops with operations still in flight, their summaries end with a step
     * that is not terminal. When the wait was interrupted, the thread's interrupt flag is set.
     *
     * @param remainingMillis the invocation's remaining time, such as Lambda's
     *                        {@code Context.getRemainingTimeInMillis}
     * @param stepListener    called on this thread after each reconcile step; the step names its
     *                        service. An exception it throws ends the run, and an operation in
     *                        flight then continues from its service's tags in the next run.
     */
    public List<ServiceRunSummary> run(String clusterName, List<String> serviceNames, boolean mayStart,
            LongSupplier remainingMillis, Consumer<ReconcileResult> stepListener) {
        Objects.requireNonNull(stepListener, "stepListener");
        Map<String, List<ReconcileResult>> steps = new LinkedHashMap<>();
        serviceNames.forEach(name -> steps.put(name, new ArrayList<>()));
        List<String> pending = new ArrayList<>(serviceNames);

        while (!pending.isEmpty()) {
            List<String> stillPending = new ArrayList<>();
            for (String service : pending) {
                ReconcileResult result = executor.reconcile(clusterName, service, mayStart);
                steps.get(service).add(result);
                stepListener.accept(result);
                if (!result.outcome().isTerminal()) {
                    stillPending.add(service);
                }
            }
            pending = stillPending;
            if (pending.isEmpty()) {
                break;
            }
            if (remainingMillis.getAsLong() < pollInterval.plus(reserve).toMillis()) {
                LOG.info("event=run_paused reason=\"time is short\" cluster={} services={}", clusterName, pending);
                break;
            }
            try {
                sleeper.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("event=run_interrupted cluster={} services={} hint=\"the next run continues\"",
                        clusterName, pending);
                break;
            }
        }

        List<ServiceRunSummary> summaries = new ArrayList<>();
        steps.forEach((service, results) -> summaries.add(ServiceRunSummary.of(service, results)));
        return summaries;
    }
}
