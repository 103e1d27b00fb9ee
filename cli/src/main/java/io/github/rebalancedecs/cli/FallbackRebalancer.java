package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.emulator.scenario.RebalancerInvocation;
import io.github.rebalancedecs.emulator.scenario.SimulatedRebalancer;
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
 * <p>The deployed rebalancer runs on a schedule and, within one invocation, steps an operation
 * every poll interval until it ends. The scenario runner calls {@link #run} between scheduler
 * ticks while the virtual clock does not move, so no pass may wait. This class therefore asks to be
 * called every {@link #POLL_INTERVAL}: on a scheduled pass it steps every service, and between
 * scheduled passes only the services whose operation is in flight.
 *
 * <p>NOTE: the deployed invocation's time limit is not modelled, so an operation that outlasts it
 * in production ends within one simulated invocation here.
 */
final class FallbackRebalancer implements SimulatedRebalancer, AutoCloseable {

    /** The scheduled rebalancer's interval, as the emulator's simulations assume. */
    static final Duration SCHEDULE = Duration.ofMinutes(5);

    /** The deployed rebalancer's default pause between two steps of an operation. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

    private final Set<String> inFlight = new LinkedHashSet<>();
    private EcsClient ecs;
    private RebalanceExecutor executor;
    private Instant nextScheduledPass;

    @Override
    public Duration interval() {
        return POLL_INTERVAL;
    }

    @Override
    public void run(RebalancerInvocation invocation) {
        RebalanceExecutor stepper = executor(invocation);
        boolean scheduled = nextScheduledPass == null || !invocation.now().isBefore(nextScheduledPass);
        List<String> services = scheduled ? invocation.serviceNames() : List.copyOf(inFlight);
        if (scheduled) {
            nextScheduledPass = invocation.now().plus(SCHEDULE);
        }
        for (String service : services) {
            ReconcileResult result = stepper.reconcile(invocation.clusterName(), service, true);
            if (result.outcome().isTerminal()) {
                inFlight.remove(service);
            } else {
                inFlight.add(service);
            }
        }
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
