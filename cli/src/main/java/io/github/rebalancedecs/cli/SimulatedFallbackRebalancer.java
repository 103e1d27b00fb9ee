package io.github.rebalancedecs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rebalancedecs.emulator.EmulatorSettings;
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
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The runtime's Lambda handler on the emulator's virtual clock, invoked as the construct deploys
 * the function: by a 1-minute schedule and by ECS events, one invocation at a time (reserved
 * concurrency 1). Each invocation steps its operation every poll interval until the operation
 * ends or the 4-minute function timeout comes near. {@code simulate --rebalancer fallback} and
 * the benchmark suite both run it.
 *
 * <p>The scenario runner calls {@link #run} every second of virtual time, between two scheduler
 * ticks, and passes every step to {@link #observeStep}. The events follow the construct's rules:
 * <ul>
 *   <li>"ECS Container Instance State Change" for an instance that becomes ACTIVE and connected,
 *       which here is a step that registers or activates an instance or restores a zone;</li>
 *   <li>"ECS Task State Change" for a task of the service that stops, which here is a step whose
 *       RUNNING tasks lost one. The construct's rule skips stops by StopTask calls, but the steps
 *       do not tell them apart, so such an extra event finds the operation in flight or the
 *       service balanced.</li>
 * </ul>
 * Each event reaches the handler an event delay after the step. An event or schedule that arrives
 * while an invocation runs waits for it to end, as Lambda's asynchronous queue keeps it.
 *
 * <p>The deployed function steps an operation every poll interval within one invocation. Here
 * the clock cannot move during a pass, so each pass takes one round of steps: the context
 * reports no remaining time. A pass one poll interval later continues the operation from the
 * service's tags, as long as the invocation has time left.
 *
 * <p>A continuation is a direct {@code rebalance} invocation that names the services whose
 * operation is in flight, so it steps those only, as the deployed function does.
 *
 * <p>NOTE: the construct limits the age of a queued event to one schedule interval, and Lambda
 * retries a throttled event after a growing wait. Here every queued event starts an invocation as
 * soon as the running one ends, so after an invocation of more than a minute the next one starts
 * up to a minute sooner than the deployed function's would, and more invocations run.
 */
public final class SimulatedFallbackRebalancer implements SimulatedRebalancer, AutoCloseable {

    /** The interval of the deployed rebalancer's schedule: the construct's default, {@code rate(1 minute)}. */
    public static final Duration SCHEDULE_INTERVAL = Duration.ofMinutes(1);

    /** The construct's function timeout. */
    static final Duration FUNCTION_TIMEOUT = Duration.ofMinutes(4);

    /**
     * The time from an ECS state change to the invocation it triggers: EventBridge delivery and
     * the function's start. NOTE: an estimate, because EventBridge documents no delivery latency.
     */
    static final Duration DEFAULT_EVENT_DELAY = Duration.ofSeconds(10);

    static final String CONTAINER_INSTANCE_STATE_CHANGE = "ECS Container Instance State Change";
    static final String TASK_STATE_CHANGE = "ECS Task State Change";

    private static final String SCHEDULE_EVENT = "{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\"}";
    private static final Set<String> CAPACITY_ACTIONS = Set.of("registerContainerInstance",
            "activateContainerInstance", "restoreAvailabilityZone");

    /** The variables that the simulation sets from the scenario and the emulator. */
    private static final Set<String> SIMULATION_VARIABLES = Set.of(RebalancerConfig.REGION,
            RebalancerConfig.CLUSTER_NAME, RebalancerConfig.SERVICE_NAMES, RebalancerConfig.ECS_ENDPOINT);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FallbackTrigger trigger;
    private final Map<String, String> policyEnvironment;
    private final Duration schedulePhase;
    private final Duration eventDelay;
    private final Duration pollInterval;
    private final Duration invocationSteppingTime;

    /** Events on their way through EventBridge, by the virtual time since the start at which they arrive. */
    private final TreeMap<Duration, Set<EcsEvent>> pendingEvents = new TreeMap<>();
    /** Events and schedules that arrived and wait for the function, as JSON. */
    private final Deque<String> queuedEvents = new ArrayDeque<>();
    /** The virtual times since the start at which invocations started, for tests. */
    private final List<Duration> invocationStarts = new ArrayList<>();
    private Map<String, List<TaskRow>> previousTasks = Map.of();
    private Instant start;
    private Instant nextScheduledRun;
    private Instant invocationStart;
    private Instant nextPoll;
    /** The services whose operation the running invocation is still stepping. */
    private List<String> servicesInFlight = List.of();
    private String clusterArn;
    private EcsClient ecs;
    private RebalancerHandler handler;
    private int invocations;
    /** Whether to choose the strategy from the services, as the construct does. */
    private final boolean strategyFromServices;

    /**
     * Creates the rebalancer as the construct deploys it by default: ECS events, the schedule
     * with its first run at the start of the scenario, and the runtime's default policy. The
     * strategy is the construct's choice: REPLACE when every service's maximum percent is 100 or
     * less, SURGE otherwise.
     */
    SimulatedFallbackRebalancer() {
        this(FallbackTrigger.EVENTS_AND_SCHEDULE, Map.of(), Duration.ZERO, DEFAULT_EVENT_DELAY, true);
    }

    /**
     * Creates the rebalancer.
     *
     * @param trigger           what invokes it
     * @param policyEnvironment the function's policy variables, such as
     *                          {@code REBALANCER_STRATEGY=REPLACE}; the Region, cluster, services
     *                          and endpoint come from the simulation
     * @param schedulePhase     the virtual time from the start to the first scheduled run, from 0
     *                          up to the schedule interval
     * @param eventDelay        the time from an ECS change to the invocation it triggers:
     *                          EventBridge delivery and the function's start
     * @throws IllegalArgumentException when {@code policyEnvironment} sets a variable that the
     *                                  simulation sets, or a delay is out of range
     * @throws io.github.rebalancedecs.runtime.config.ConfigurationException when a policy variable
     *                                  is invalid
     */
    public SimulatedFallbackRebalancer(FallbackTrigger trigger, Map<String, String> policyEnvironment,
            Duration schedulePhase, Duration eventDelay) {
        this(trigger, policyEnvironment, schedulePhase, eventDelay, false);
    }

    private SimulatedFallbackRebalancer(FallbackTrigger trigger, Map<String, String> policyEnvironment,
            Duration schedulePhase, Duration eventDelay, boolean strategyFromServices) {
        this.strategyFromServices = strategyFromServices;
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.policyEnvironment = Map.copyOf(policyEnvironment);
        this.schedulePhase = Objects.requireNonNull(schedulePhase, "schedulePhase");
        this.eventDelay = Objects.requireNonNull(eventDelay, "eventDelay");
        if (schedulePhase.isNegative() || schedulePhase.compareTo(SCHEDULE_INTERVAL) >= 0) {
            throw new IllegalArgumentException("schedulePhase must be from 0 to less than " + SCHEDULE_INTERVAL
                    + ", got " + schedulePhase);
        }
        if (eventDelay.isNegative()) {
            throw new IllegalArgumentException("eventDelay must not be negative, got " + eventDelay);
        }
        List<String> simulationVariables = this.policyEnvironment.keySet().stream()
                .filter(SIMULATION_VARIABLES::contains)
                .sorted()
                .toList();
        if (!simulationVariables.isEmpty()) {
            throw new IllegalArgumentException("policyEnvironment must not set " + simulationVariables
                    + ", because the simulation sets them from the scenario and the emulator");
        }

        // Validates the policy now, with stand-ins for the values that only the first pass receives.
        RebalancerConfig config = RebalancerConfig.fromEnvironment(
                environment("us-east-1", "cluster", List.of("service"), null));
        this.pollInterval = config.pollInterval();
        // The handler's runner starts no round with less than the poll interval and twice the API
        // call timeout left, so an invocation takes its last round that long before its timeout.
        this.invocationSteppingTime = FUNCTION_TIMEOUT.minus(pollInterval)
                .minus(config.apiCallTimeout().multipliedBy(2));
    }

    /** Returns the handler invocations so far, each continuation of an operation included. */
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
    public void observeStep(SimulationStep step) {
        if (trigger == FallbackTrigger.EVENTS_AND_SCHEDULE) {
            if (CAPACITY_ACTIONS.stream().anyMatch(step.label()::contains)) {
                deliverLater(step.elapsed(), EcsEvent.containerInstanceActive());
            }
            step.tasks().forEach((service, tasks) -> {
                List<TaskRow> before = previousTasks.get(service);
                if (before != null && !tasks.containsAll(before)) {
                    deliverLater(step.elapsed(), EcsEvent.taskStopped(service));
                }
            });
        }
        previousTasks = step.tasks();
    }

    @Override
    public void run(RebalancerInvocation invocation) throws IOException {
        Instant now = invocation.now();
        if (handler == null) {
            handler = createHandler(invocation);
            clusterArn = clusterArn(invocation);
            start = now;
            nextScheduledRun = now.plus(schedulePhase);
        }

        // 1. Queue what arrived: the schedule and the events EventBridge delivered.
        while (!now.isBefore(nextScheduledRun)) {
            queuedEvents.add(SCHEDULE_EVENT);
            nextScheduledRun = nextScheduledRun.plus(SCHEDULE_INTERVAL);
        }
        Duration elapsed = Duration.between(start, now);
        while (!pendingEvents.isEmpty() && pendingEvents.firstKey().compareTo(elapsed) <= 0) {
            pendingEvents.pollFirstEntry().getValue().forEach(event -> queuedEvents.add(event.toJson(clusterArn)));
        }

        // 2. A running invocation takes its next step, or ends when its time runs short.
        if (nextPoll != null) {
            if (now.isBefore(nextPoll)) {
                return;
            }
            if (Duration.between(invocationStart, now).compareTo(invocationSteppingTime) > 0) {
                nextPoll = null;
            } else {
                nextPoll = invoke(continueEvent(servicesInFlight)) ? now.plus(pollInterval) : null;
            }
        }

        // 3. Once no invocation runs, queued events start one each, until one leaves an operation in flight.
        while (nextPoll == null && !queuedEvents.isEmpty()) {
            String event = queuedEvents.poll();
            invocationStart = now;
            invocationStarts.add(elapsed);
            nextPoll = invoke(event) ? now.plus(pollInterval) : null;
        }
    }

    @Override
    public void close() {
        if (ecs != null) {
            ecs.close();
        }
    }

    private RebalancerHandler createHandler(RebalancerInvocation invocation) {
        Map<String, String> environment = environment(invocation.region(), invocation.clusterName(),
                invocation.serviceNames(), invocation.endpoint().toString());
        RebalancerConfig config = RebalancerConfig.fromEnvironment(environment);

        // The emulator accepts any credentials.
        ecs = EcsClientFactory.create(invocation.region(), invocation.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("simulation", "simulation")),
                config.apiCallTimeout());

        // The construct deploys REPLACE for a service whose maximum percent is 100 or less, where
        // SURGE has no room for an extra task.
        if (strategyFromServices && !environment.containsKey(RebalancerConfig.STRATEGY)
                && everyServiceAtMostHundredPercent(invocation.clusterName(), invocation.serviceNames())) {
            environment.put(RebalancerConfig.STRATEGY, RebalanceStrategy.REPLACE.name());
            config = RebalancerConfig.fromEnvironment(environment);
        }
        return new RebalancerHandler(config, ecs, new EcsTaskDefinitions(ecs), invocation.clock(),
                duration -> {
                    throw new IllegalStateException("The handler called its sleeper, but virtual time cannot "
                            + "pass during a rebalancer pass; give it a context with no remaining time");
                },
                metrics -> { });
    }

    /**
     * Returns true when every service's deployment configuration allows at most 100 percent. The
     * construct chooses the strategy per service. One simulated function serves every service of
     * the scenario, so it takes REPLACE only when that suits them all.
     */
    private boolean everyServiceAtMostHundredPercent(String clusterName, List<String> serviceNames) {
        if (serviceNames.isEmpty()) {
            return false;
        }
        List<Service> services = ecs.describeServices(request -> request.cluster(clusterName).services(serviceNames))
                .services();
        return services.size() == serviceNames.size() && services.stream()
                .allMatch(service -> service.deploymentConfiguration() != null
                        && service.deploymentConfiguration().maximumPercent() != null
                        && service.deploymentConfiguration().maximumPercent() <= 100);
    }

    /** Returns the function's environment: the policy variables and what the simulation sets. */
    private Map<String, String> environment(String region, String clusterName, List<String> serviceNames,
            String ecsEndpoint) {
        Map<String, String> environment = new HashMap<>(policyEnvironment);
        environment.put(RebalancerConfig.REGION, region);
        environment.put(RebalancerConfig.CLUSTER_NAME, clusterName);
        environment.put(RebalancerConfig.SERVICE_NAMES, String.join(",", serviceNames));
        if (ecsEndpoint != null) {
            environment.put(RebalancerConfig.ECS_ENDPOINT, ecsEndpoint);
        }
        return environment;
    }

    /**
     * Returns the ARN of the scenario's cluster, as ECS events carry it.
     *
     * <p>NOTE: the invocation does not carry the scenario's account ID, so the ARN has the
     * emulator's default account. The handler matches an event's cluster by the name at the end
     * of the ARN, so the account does not change which services an event selects.
     */
    static String clusterArn(RebalancerInvocation invocation) {
        return "arn:aws:ecs:" + invocation.region() + ":" + EmulatorSettings.defaults().accountId() + ":cluster/"
                + invocation.clusterName();
    }

    /**
     * Invokes the handler and records the services whose operation is still in flight.
     *
     * @return true when any is
     */
    private boolean invoke(String event) throws IOException {
        invocations++;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new StandaloneContext("simulation", 0));
        JsonNode report = JSON.readTree(output.toByteArray());
        List<String> inFlight = new ArrayList<>();
        for (JsonNode service : report.path("services")) {
            if (!ReconcileOutcome.valueOf(service.path("outcome").asText()).isTerminal()) {
                inFlight.add(service.path("service").asText());
            }
        }
        servicesInFlight = List.copyOf(inFlight);
        return !inFlight.isEmpty();
    }

    /**
     * Returns the direct invocation that takes the next step of the operations in flight, and
     * only of those, as the deployed function's next round within one invocation does.
     */
    private static String continueEvent(List<String> services) {
        ObjectNode event = JSON.createObjectNode().put("action", "rebalance");
        services.forEach(event.putArray("services")::add);
        return event.toString();
    }

    private void deliverLater(Duration elapsed, EcsEvent event) {
        pendingEvents.computeIfAbsent(elapsed.plus(eventDelay), at -> new LinkedHashSet<>()).add(event);
    }

    /** Returns the events waiting for delivery, in the order they arrive. */
    List<EcsEvent> pendingEvents() {
        List<EcsEvent> all = new ArrayList<>();
        pendingEvents.values().forEach(all::addAll);
        return all;
    }

    /** Returns the virtual times since the start at which invocations started; continuations are not counted. */
    List<Duration> invocationStarts() {
        return List.copyOf(invocationStarts);
    }

    /**
     * An ECS event that passes the construct's rules.
     *
     * @param detailType  {@value #CONTAINER_INSTANCE_STATE_CHANGE} or {@value #TASK_STATE_CHANGE}
     * @param serviceName the service of the stopped task; {@code null} for a container instance event
     */
    record EcsEvent(String detailType, String serviceName) {

        static EcsEvent containerInstanceActive() {
            return new EcsEvent(CONTAINER_INSTANCE_STATE_CHANGE, null);
        }

        static EcsEvent taskStopped(String serviceName) {
            return new EcsEvent(TASK_STATE_CHANGE, serviceName);
        }

        /** Renders the event with the fields that the handler reads. */
        String toJson(String clusterArn) {
            if (detailType.equals(CONTAINER_INSTANCE_STATE_CHANGE)) {
                return "{\"source\": \"aws.ecs\", \"detail-type\": \"" + detailType + "\", "
                        + "\"detail\": {\"clusterArn\": \"" + clusterArn + "\", \"status\": \"ACTIVE\", "
                        + "\"agentConnected\": true}}";
            }
            return "{\"source\": \"aws.ecs\", \"detail-type\": \"" + detailType + "\", "
                    + "\"detail\": {\"clusterArn\": \"" + clusterArn + "\", \"group\": \"service:" + serviceName
                    + "\", \"lastStatus\": \"STOPPED\"}}";
        }
    }
}
