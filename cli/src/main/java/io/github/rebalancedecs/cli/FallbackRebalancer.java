package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.emulator.scenario.RebalancerInvocation;
import io.github.rebalancedecs.emulator.scenario.SimulatedRebalancer;
import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import io.github.rebalancedecs.emulator.scenario.TaskRow;
import io.github.rebalancedecs.runtime.ecs.EcsClientFactory;
import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.ecs.EcsTaskDefinitions;
import io.github.rebalancedecs.runtime.executor.ExecutorSettings;
import io.github.rebalancedecs.runtime.executor.ReconcileResult;
import io.github.rebalancedecs.runtime.executor.RebalanceExecutor;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The runtime's rebalancer for {@code simulate --rebalancer fallback}: the real executor, with the
 * default policy, talking to the simulation's emulator through the SDK.
 *
 * <p>The construct invokes the deployed function on a 1-minute schedule and on two ECS events
 * through EventBridge, one invocation at a time (reserved concurrency 1):
 * <ul>
 *   <li>a container instance that becomes ACTIVE, which here is a step that registers or
 *       activates an instance or restores an Availability Zone;</li>
 *   <li>a task of the service that stops, which here is a step in which a RUNNING task of a
 *       service is gone. The construct's rule skips tasks stopped by a StopTask call, but the
 *       steps do not tell them apart, so such an extra invocation finds the operation in flight
 *       or the service balanced.</li>
 * </ul>
 * Each event starts an invocation {@link #EVENT_DELAY} after the step. A schedule or event that
 * arrives while an invocation runs waits until it ends, as Lambda's asynchronous queue keeps it.
 *
 * <p>Within one invocation the deployed function steps an operation every poll interval until
 * it ends. The scenario runner calls {@link #run} between scheduler ticks while the virtual clock
 * does not move, so no pass may wait. This class therefore expects a call every second: an
 * invocation steps every service once, and then, every {@link #POLL_INTERVAL}, only the services
 * whose operation is in flight.
 *
 * <p>NOTE: the deployed invocation's time limit is not modelled, so an operation that outlasts it
 * in production ends within one simulated invocation here. Every invocation reconciles every
 * service, also one triggered by another service's task.
 */
final class FallbackRebalancer implements SimulatedRebalancer, AutoCloseable {

    /** The interval of the construct's default {@code rebalancerSchedule}. */
    static final Duration SCHEDULE = Duration.ofMinutes(1);

    /** The deployed rebalancer's default pause between two steps of an operation. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

    /**
     * The time from an ECS state change to the invocation it triggers: EventBridge delivery and
     * the function's start. NOTE: an estimate; EventBridge documents no delivery latency.
     */
    static final Duration EVENT_DELAY = Duration.ofSeconds(10);

    private static final Set<String> CAPACITY_ACTIONS = Set.of("registerContainerInstance",
            "activateContainerInstance", "restoreAvailabilityZone");

    private final Set<String> inFlight = new LinkedHashSet<>();
    /** The virtual times since the start at which triggering events reach the function. */
    private final List<Duration> eventArrivals = new ArrayList<>();
    private Map<String, List<TaskRow>> previousTasks = Map.of();
    private EcsClient ecs;
    private RebalanceExecutor executor;
    private Instant start;
    private Instant nextScheduledPass;
    private Instant nextPoll;
    private int queuedInvocations;

    @Override
    public Duration interval() {
        return Duration.ofSeconds(1);
    }

    /** Turns a simulation step into the ECS events that would invoke the deployed function. */
    @Override
    public void observeStep(SimulationStep step) {
        boolean capacityAdded = CAPACITY_ACTIONS.stream().anyMatch(step.label()::contains);
        boolean taskStopped = step.tasks().entrySet().stream().anyMatch(service -> {
            List<TaskRow> before = previousTasks.get(service.getKey());
            return before != null && !service.getValue().containsAll(before);
        });
        if (capacityAdded || taskStopped) {
            eventArrivals.add(step.elapsed().plus(EVENT_DELAY));
        }
        previousTasks = step.tasks();
    }

    @Override
    public void run(RebalancerInvocation invocation) {
        Instant now = invocation.now();
        if (start == null) {
            start = now;
            nextScheduledPass = now;
        }

        // 1. Queue an invocation for the schedule and for each event that has arrived.
        while (!now.isBefore(nextScheduledPass)) {
            queuedInvocations++;
            nextScheduledPass = nextScheduledPass.plus(SCHEDULE);
        }
        Duration elapsed = Duration.between(start, now);
        int waiting = eventArrivals.size();
        eventArrivals.removeIf(at -> at.compareTo(elapsed) <= 0);
        queuedInvocations += waiting - eventArrivals.size();

        // 2. The running invocation steps its operations every poll interval, and ends when none is left.
        if (!inFlight.isEmpty()) {
            if (now.isBefore(nextPoll)) {
                return;
            }
            reconcile(invocation, List.copyOf(inFlight));
        }

        // 3. Once no invocation runs, queued ones start in turn, until one leaves an operation in flight.
        while (inFlight.isEmpty() && queuedInvocations > 0) {
            queuedInvocations--;
            reconcile(invocation, invocation.serviceNames());
        }
    }

    private void reconcile(RebalancerInvocation invocation, List<String> services) {
        RebalanceExecutor stepper = executor(invocation);
        for (String service : services) {
            ReconcileResult result = stepper.reconcile(invocation.clusterName(), service, true);
            if (result.outcome().isTerminal()) {
                inFlight.remove(service);
            } else {
                inFlight.add(service);
            }
        }
        nextPoll = invocation.now().plus(POLL_INTERVAL);
    }

    /** Creates the client and the executor on the first pass, when the emulator's endpoint is known. */
    private RebalanceExecutor executor(RebalancerInvocation invocation) {
        if (executor == null) {
            // The emulator accepts any credentials.
            ecs = EcsClientFactory.create(invocation.region(), invocation.endpoint(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("simulation", "simulation")),
                    Duration.ofSeconds(10));
            EcsServiceObserver observer = new EcsServiceObserver(ecs, new EcsTaskDefinitions(ecs), Map.of(),
                    invocation.clock());
            executor = new RebalanceExecutor(observer, new EcsServiceOperations(ecs), RebalancePolicy.DEFAULTS,
                    ExecutorSettings.DEFAULTS, invocation.clock());
        }
        return executor;
    }

    @Override
    public void close() {
        if (ecs != null) {
            ecs.close();
        }
    }
}
