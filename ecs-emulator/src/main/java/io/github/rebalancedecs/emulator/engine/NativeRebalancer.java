package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ECS native Availability Zone rebalancing ({@code availabilityZoneRebalancing: ENABLED}) as ECS
 * documents it, with the detection delay users observed.
 *
 * <p>Once a service is steady and its tasks are unbalanced across the AZs where it can place
 * tasks (the highest and lowest counts differ by more than one) for the detection delay, a round
 * starts tasks in the AZs with the fewest tasks, up to the maximum percent, waits until they are
 * RUNNING and HEALTHY, and then stops as many tasks in the AZs with the most tasks. Rounds repeat
 * until the service is balanced.
 *
 * <p>Example with 3 AZs: counts [3, 0, 0] (all three in us-east-1c) start one task in each of
 * us-east-1a and us-east-1b, then stop two in us-east-1c: [1, 1, 1].
 *
 * <p>It does nothing for the configurations ECS documents as unsupported: DAEMON scheduling,
 * maximum percent 100 or less, a first placement strategy other than a spread across
 * {@code attribute:ecs.availability-zone}, a Classic Load Balancer, and a memberOf constraint on
 * the AZ attribute. A round that would have to stop tasks with scale-in protection stalls.
 *
 * <p>Balance is measured by {@link AvailabilityZoneBalance}.
 */
final class NativeRebalancer {

    private final ControlPlane controlPlane;
    private final Duration detectionDelay;

    NativeRebalancer(ControlPlane controlPlane, Duration detectionDelay) {
        this.controlPlane = controlPlane;
        this.detectionDelay = detectionDelay;
    }

    void run(Service service) {
        if (!service.availabilityZoneRebalancing() || !isSupported(service)) {
            service.setRebalancingRound(null);
            service.setImbalancedSince(null);
            return;
        }
        if (service.rebalancingRound() != null) {
            continueRound(service, service.rebalancingRound());
            return;
        }
        if (!ServiceScheduler.isSteady(service)) {
            service.setImbalancedSince(null);
            return;
        }

        Map<String, Integer> counts = AvailabilityZoneBalance.tasksPerZone(service);
        if (AvailabilityZoneBalance.isBalanced(counts)) {
            service.setImbalancedSince(null);
            service.setRebalancingStallReported(false);
            return;
        }
        Instant now = controlPlane.now();
        if (service.imbalancedSince() == null) {
            service.setImbalancedSince(now);
        }
        if (now.isBefore(service.imbalancedSince().plus(detectionDelay))) {
            return;
        }
        startRound(service, counts);
    }

    /** Returns true unless the service has a configuration for which ECS documents no native rebalancing. */
    static boolean isSupported(Service service) {
        List<PlacementStrategy> strategies = service.placementStrategies();
        return !service.daemon()
                && service.maximumPercent() > 100
                && (strategies.isEmpty() || strategies.get(0).isAvailabilityZoneSpread())
                && service.classicLoadBalancerName() == null
                && service.placementConstraints().stream().noneMatch(c -> c.restrictsAvailabilityZone());
    }

    private void startRound(Service service, Map<String, Integer> counts) {
        Map<String, Integer> targets = targetCounts(counts);
        Instant now = controlPlane.now();

        // Start no more tasks than the round can later stop: surplus tasks with scale-in protection
        // cannot be stopped, so ECS stalls on them instead of leaving extra tasks running.
        int stoppable = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            int surplus = entry.getValue() - targets.get(entry.getKey());
            if (surplus > 0) {
                long unprotected = ServiceScheduler.activeTasks(service).stream()
                        .filter(t -> entry.getKey().equals(t.availabilityZone()) && !t.isProtected(now))
                        .count();
                stoppable += (int) Math.min(surplus, unprotected);
            }
        }
        int deficit = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            deficit += Math.max(0, targets.get(entry.getKey()) - entry.getValue());
        }
        int headroom = service.maximumTaskCount() - ServiceScheduler.activeTasks(service).size();
        int starts = Math.min(deficit, Math.min(headroom, stoppable));
        if (starts <= 0) {
            // NOTE: ECS documents no service event for this stall; the message is the emulator's own.
            if (stoppable == 0 && !service.rebalancingStallReported()) {
                controlPlane.addEvent(service, "service " + service.name() + " is not AZ balanced with "
                        + describe(counts) + ", but AZ rebalancing cannot stop tasks that have scale-in protection.");
                service.setRebalancingStallReported(true);
            }
            return;
        }

        controlPlane.addEvent(service, "service (" + service.name() + ") is not AZ balanced with "
                + describe(counts) + ". AZ Rebalancing in progress.");

        // Start each task in the AZ with the fewest tasks that is still below its target.
        Map<String, Integer> planned = new TreeMap<>(counts);
        Map<String, List<Task>> startedPerZone = new LinkedHashMap<>();
        Set<Task> started = new LinkedHashSet<>();
        for (int i = 0; i < starts; i++) {
            String zone = planned.entrySet().stream()
                    .filter(e -> e.getValue() < targets.get(e.getKey()))
                    .min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey)
                    .orElseThrow();
            planned.merge(zone, 1, Integer::sum);
            Task task = controlPlane.createTask(service, zone);
            ContainerInstance instance = TaskPlacement.choose(task, controlPlane.random());
            if (instance != null) {
                controlPlane.place(task, instance);
            }
            started.add(task);
            startedPerZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(task);
        }
        startedPerZone.forEach((zone, tasks) -> controlPlane.addEvent(service, service.name() + " has started "
                + tasks.size() + " tasks in " + zone + " to AZ Rebalance: " + ids(tasks) + "."));
        service.setRebalancingRound(new RebalancingRound(started, targets));
    }

    private void continueRound(Service service, RebalancingRound round) {
        // 1. Wait until every task the round started is RUNNING and HEALTHY. A task that cannot
        //    be placed in its AZ any more is cancelled, which shrinks the round.
        for (Task task : round.startedTasks()) {
            if (!task.isActive()) {
                continue;
            }
            if (task.lastStatus() == TaskStatus.PROVISIONING
                    && TaskPlacement.candidates(service, task.requiredAvailabilityZone()).isEmpty()) {
                controlPlane.stopTask(task, "AZ rebalancing could not place the task in "
                        + task.requiredAvailabilityZone() + ".", "ServiceSchedulerInitiated");
                continue;
            }
            if (!task.isRunningAndHealthy()) {
                return;
            }
        }

        // 2. Stop the surplus in the AZs above their target, the AZ with the most tasks first.
        Instant now = controlPlane.now();
        List<Task> active = ServiceScheduler.activeTasks(service);
        int excess = active.size() - service.desiredCount();
        Map<String, List<Task>> stoppedPerZone = new TreeMap<>();
        for (int i = 0; i < excess; i++) {
            Map<String, Integer> counts = new TreeMap<>();
            for (Task task : active) {
                counts.merge(String.valueOf(task.availabilityZone()), 1, Integer::sum);
            }
            List<Task> victims = ScaleInSelection.select(active, 1,
                    t -> counts.get(String.valueOf(t.availabilityZone()))
                            > round.targetCounts().getOrDefault(t.availabilityZone(), 0),
                    now);
            if (victims.isEmpty()) {
                break;
            }
            Task victim = victims.get(0);
            controlPlane.stopTask(victim, "AZ rebalancing stopped the task in " + victim.availabilityZone()
                    + " to balance the service across Availability Zones.", "ServiceSchedulerInitiated");
            active.remove(victim);
            stoppedPerZone.computeIfAbsent(victim.availabilityZone(), z -> new ArrayList<>()).add(victim);
        }
        stoppedPerZone.forEach((zone, tasks) -> controlPlane.addEvent(service, service.name() + " has stopped "
                + tasks.size() + " running tasks in " + zone + " due to AZ rebalancing: " + ids(tasks) + "."));

        // 3. End the round. The next pass starts another one at once if the service is still
        //    unbalanced, because the detection delay has already passed.
        service.setRebalancingRound(null);
        Map<String, Integer> counts = AvailabilityZoneBalance.tasksPerZone(service);
        if (AvailabilityZoneBalance.isBalanced(counts)) {
            service.setImbalancedSince(null);
            controlPlane.addEvent(service, "service (" + service.name() + ") is AZ balanced with "
                    + describe(counts) + ".");
        }
    }

    /**
     * Returns the per-AZ task counts a balanced service would have, changing as few tasks as
     * possible: each AZ gets {@code total / zones}, and the AZs that hold the most tasks now keep
     * the remainder. Example: counts {a=0, b=3} give targets {a=1, b=2}.
     */
    static Map<String, Integer> targetCounts(Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int base = total / counts.size();
        int remainder = total % counts.size();
        List<String> byCountDescending = new ArrayList<>(counts.keySet());
        byCountDescending.sort(Comparator.comparing((String zone) -> -counts.get(zone)).thenComparing(zone -> zone));
        Map<String, Integer> targets = new TreeMap<>();
        for (int i = 0; i < byCountDescending.size(); i++) {
            targets.put(byCountDescending.get(i), base + (i < remainder ? 1 : 0));
        }
        return targets;
    }

    private static String describe(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((zone, count) -> parts.add(count + " tasks in " + zone));
        return String.join(", ", parts);
    }

    private static String ids(List<Task> tasks) {
        List<String> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.id()));
        return String.join(", ", ids);
    }
}
