package io.github.rebalancedecs.benchmarks.balance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rebalancedecs.emulator.scenario.RebalancerInvocation;
import io.github.rebalancedecs.emulator.scenario.SimulatedRebalancer;
import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import io.github.rebalancedecs.emulator.scenario.TaskRow;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.ecs.EcsClientFactory;
import io.github.rebalancedecs.runtime.ecs.EcsTaskDefinitions;
import io.github.rebalancedecs.runtime.executor.ReconcileOutcome;
import io.github.rebalancedecs.runtime.handler.RebalancerHandler;
import io.github.rebalancedecs.runtime.handler.StandaloneContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The runtime's Lambda handler on the emulator's virtual clock, invoked as the construct deploys
 * the function: by a 1-minute schedule and by ECS events, one invocation at a time (reserved
 * concurrency 1). Each invocation steps its operation every poll interval until the operation
 * ends or the 4-minute function timeout comes near.
 *
 * <p>The scenario runner calls {@link #run} every second of virtual time, between two scheduler
 * ticks, and passes every step to {@link #accept}. The events follow the construct's rules:
 * <ul>
 *   <li>"ECS Container Instance State Change" for an instance that becomes ACTIVE and connected,
 *       which here is a step that registers or activates an instance or restores a zone;</li>
 *   <li>"ECS Task State Change" for a task of the service that stops, which here is a step whose
 *       RUNNING tasks lost one. The construct's rule skips stops by StopTask calls, but the steps
 *       do not tell them apart; such an extra event finds the operation in flight or the service
 *       balanced.</li>
 * </ul>
 * Each event reaches the handler {@link #eventDelay} after the step. An event or schedule that
 * arrives while an invocation runs waits for it to end, as Lambda's asynchronous queue keeps it.
 *
 * <p>The deployed function steps an operation every poll interval within one invocation. Here
 * the clock cannot move during a pass, so each pass takes one round of steps (the context
 * reports no remaining time) and a pass one poll interval later continues the operation from
 * the service's tags, as long as the invocation has time left.
 *
 * <p>NOTE: the CLI's {@code simulate --rebalancer fallback} drives the executor with its own
 * adapter; the two should become one class in one module. Lambda's limit on the age of a
 * queued event (10 minutes) is not modelled.
 */
public final class SimulatedFallbackRebalancer implements SimulatedRebalancer, Consumer<SimulationStep>,
        AutoCloseable {

    /** The interval of the deployed rebalancer's schedule: the construct's default, {@code rate(1 minute)}. */
    public static final Duration SCHEDULE_INTERVAL = Duration.ofMinutes(1);

    /** The deployed function's default pause between two steps of an operation. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

    /**
     * How long one invocation keeps stepping its operation: the construct's 4-minute function
     * timeout, less the poll interval and twice the 20-second API call timeout that the
     * handler's runner keeps in reserve before it starts a round.
     */
    static final Duration INVOCATION_STEPPING_TIME =
            Duration.ofMinutes(4).minus(POLL_INTERVAL).minus(Duration.ofSeconds(40));

    private static final String SCHEDULE_EVENT = "{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\"}";
    private static final String CONTINUE_EVENT = "{\"action\": \"rebalance\"}";
    private static final Set<String> CAPACITY_ACTIONS = Set.of("registerContainerInstance",
            "activateContainerInstance", "restoreAvailabilityZone");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FallbackTrigger trigger;
    private final Map<String, String> policyEnvironment;
    private final Duration schedulePhase;
    private final Duration eventDelay;
    private final String clusterArn;

    /** Events on their way through EventBridge, by the virtual time since the start at which they arrive. */
    private final TreeMap<Duration, Set<String>> pendingEvents = new TreeMap<>();
    /** Events and schedules that arrived and wait for the function. */
    private final Deque<String> queuedEvents = new ArrayDeque<>();
    private Map<String, List<TaskRow>> previousTasks = Map.of();
    private Instant start;
    private Instant nextScheduledRun;
    private Instant invocationStart;
    private Instant nextPoll;
    private EcsClient ecs;
    private RebalancerHandler handler;
    private int invocations;

    /**
     * Creates the rebalancer.
     *
     * @param trigger           what invokes it
     * @param policyEnvironment the function's policy variables, such as
     *                          {@code REBALANCER_STRATEGY=REPLACE}; the cluster, services and
     *                          endpoint come from the simulation
     * @param schedulePhase     the virtual time from the start to the first scheduled run, from 0
     *                          up to the schedule interval
     * @param eventDelay        the time from an ECS change to the invocation it triggers:
     *                          EventBridge delivery and the function's start
     * @param clusterArn        the ARN of the scenario's cluster, which the events carry
     */
    public SimulatedFallbackRebalancer(FallbackTrigger trigger, Map<String, String> policyEnvironment,
            Duration schedulePhase, Duration eventDelay, String clusterArn) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.policyEnvironment = Map.copyOf(policyEnvironment);
        this.schedulePhase = Objects.requireNonNull(schedulePhase, "schedulePhase");
        this.eventDelay = Objects.requireNonNull(eventDelay, "eventDelay");
        this.clusterArn = Objects.requireNonNull(clusterArn, "clusterArn");
        if (schedulePhase.isNegative() || schedulePhase.compareTo(SCHEDULE_INTERVAL) >= 0) {
            throw new IllegalArgumentException("schedulePhase must be from 0 to less than " + SCHEDULE_INTERVAL
                    + ", got " + schedulePhase);
        }
    }

    /** Returns the handler invocations so far. */
    public int invocations() {
        return invocations;
    }

    /** Asks for a pass every second; each pass decides whether an invocation is due. */
    @Override
    public Duration interval() {
        return Duration.ofSeconds(1);
    }

    /** Turns a simulation step into the ECS events that the deployed function would receive. */
    @Override
    public void accept(SimulationStep step) {
        if (trigger == FallbackTrigger.EVENTS_AND_SCHEDULE) {
            if (CAPACITY_ACTIONS.stream().anyMatch(step.label()::contains)) {
                deliverLater(step.elapsed(), containerInstanceEvent());
            }
            step.tasks().forEach((service, tasks) -> {
                List<TaskRow> before = previousTasks.get(service);
                if (before != null && !tasks.containsAll(before)) {
                    deliverLater(step.elapsed(), taskStoppedEvent(service));
                }
            });
        }
        previousTasks = step.tasks();
    }

    @Override
    public void run(RebalancerInvocation invocation) throws IOException {
        Instant now = invocation.now();
        if (start == null) {
            start = now;
            nextScheduledRun = now.plus(schedulePhase);
            handler = createHandler(invocation);
        }

        // 1. Queue what arrived: the schedule and the events EventBridge delivered.
        while (!now.isBefore(nextScheduledRun)) {
            queuedEvents.add(SCHEDULE_EVENT);
            nextScheduledRun = nextScheduledRun.plus(SCHEDULE_INTERVAL);
        }
        Duration elapsed = Duration.between(start, now);
        while (!pendingEvents.isEmpty() && pendingEvents.firstKey().compareTo(elapsed) <= 0) {
            queuedEvents.addAll(pendingEvents.pollFirstEntry().getValue());
        }

        // 2. A running invocation takes its next step, or ends when its time runs short.
        if (nextPoll != null) {
            if (now.isBefore(nextPoll)) {
                return;
            }
            if (Duration.between(invocationStart, now).compareTo(INVOCATION_STEPPING_TIME) > 0) {
                nextPoll = null;
            } else {
                nextPoll = invoke(CONTINUE_EVENT) ? now.plus(POLL_INTERVAL) : null;
            }
        }

        // 3. Once no invocation runs, queued events start one each, until one leaves an operation in flight.
        while (nextPoll == null && !queuedEvents.isEmpty()) {
            String event = queuedEvents.poll();
            invocationStart = now;
            nextPoll = invoke(event) ? now.plus(POLL_INTERVAL) : null;
        }
    }

    @Override
    public void close() {
        if (ecs != null) {
            ecs.close();
        }
    }

    private RebalancerHandler createHandler(RebalancerInvocation invocation) {
        Map<String, String> environment = new HashMap<>(policyEnvironment);
        environment.put(RebalancerConfig.REGION, invocation.region());
        environment.put(RebalancerConfig.CLUSTER_NAME, invocation.clusterName());
        environment.put(RebalancerConfig.SERVICE_NAMES, String.join(",", invocation.serviceNames()));
        environment.put(RebalancerConfig.ECS_ENDPOINT, invocation.endpoint().toString());
        environment.put(RebalancerConfig.POLL_INTERVAL_SECONDS, Long.toString(POLL_INTERVAL.toSeconds()));
        RebalancerConfig config = RebalancerConfig.fromEnvironment(environment);

        // The emulator accepts any credentials.
        ecs = EcsClientFactory.create(invocation.region(), invocation.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("benchmark", "benchmark")),
                config.apiCallTimeout());
        return new RebalancerHandler(config, ecs, new EcsTaskDefinitions(ecs), invocation.clock(),
                duration -> {
                    throw new IllegalStateException("The handler called its sleeper, but virtual time cannot "
                            + "pass during a rebalancer pass; give it a context with no remaining time");
                },
                metrics -> { });
    }

    /** Invokes the handler and returns true when a service still has an operation in flight. */
    private boolean invoke(String event) throws IOException {
        invocations++;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new StandaloneContext("benchmark", 0));
        JsonNode report = JSON.readTree(output.toByteArray());
        for (JsonNode service : report.path("services")) {
            if (!ReconcileOutcome.valueOf(service.path("outcome").asText()).isTerminal()) {
                return true;
            }
        }
        return false;
    }

    private void deliverLater(Duration elapsed, String event) {
        pendingEvents.computeIfAbsent(elapsed.plus(eventDelay), at -> new LinkedHashSet<>()).add(event);
    }

    private String containerInstanceEvent() {
        return "{\"source\": \"aws.ecs\", \"detail-type\": \"ECS Container Instance State Change\", "
                + "\"detail\": {\"clusterArn\": \"" + clusterArn + "\", \"status\": \"ACTIVE\", "
                + "\"agentConnected\": true}}";
    }

    private String taskStoppedEvent(String service) {
        return "{\"source\": \"aws.ecs\", \"detail-type\": \"ECS Task State Change\", "
                + "\"detail\": {\"clusterArn\": \"" + clusterArn + "\", \"group\": \"service:" + service
                + "\", \"lastStatus\": \"STOPPED\"}}";
    }

    /** Returns the events waiting for delivery, for tests. */
    List<String> pendingEvents() {
        List<String> all = new ArrayList<>();
        pendingEvents.values().forEach(all::addAll);
        return all;
    }
}
