package io.github.rebalancedecs.runtime.planner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Plans the moves that bring a service's tasks back into balance across Availability Zones.
 * Pure: it reads a {@link ServiceSnapshot} and returns a {@link RebalancePlan}, and never
 * talks to ECS.
 *
 * <p>The target is the rule ECS itself follows: the desired count divided over the eligible
 * Availability Zones, the remainder spread one each. An Availability Zone is eligible when one
 * of its container instances can take one more task (ACTIVE, agent connected, enough CPU,
 * memory and host ports, the placement constraints, and for {@code awsvpc} one of the
 * service's subnets). The planner moves a task only from a zone with at least two tasks more
 * than the zone where ECS would start its replacement, so every move lowers the imbalance, and
 * it stops as soon as the skew is within {@code maxSkew} and every eligible zone has a task (when
 * there are enough tasks). For example, with desired count 5 on three eligible zones:
 *
 * <pre>
 *   before: us-east-1a=4  us-east-1b=1  us-east-1c=0   skew 4
 *   moves:  1a -> 1c, 1a -> 1c
 *   after:  us-east-1a=2  us-east-1b=1  us-east-1c=2   skew 1
 * </pre>
 *
 * <p>A zone that has tasks but no room stays counted, because it contains tasks; a zone with no
 * task and no room (a dead or full zone) is not counted.
 */
public final class RebalancePlanner {

    private RebalancePlanner() {
    }

    /**
     * Plans one operation for the service.
     *
     * @param snapshot the service as observed
     * @param policy   the caps and strategy
     * @param history  what earlier runs recorded on the service
     * @param now      the current time, for cooldowns
     */
    public static RebalancePlan plan(
            ServiceSnapshot snapshot, RebalancePolicy policy, RebalanceHistory history, Instant now) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(now, "now");

        // 1. Model the placement; a constraint the model cannot evaluate stops here.
        PlacementModel model;
        try {
            model = new PlacementModel(snapshot);
        } catch (IllegalArgumentException e) {
            return RebalancePlan.noAction(PlanReason.UNSUPPORTED_PLACEMENT_CONSTRAINT, e.getMessage(),
                    runningTasksPerAz(snapshot), List.of(), 0);
        }
        Map<String, Integer> tasksPerAz = new TreeMap<>(model.tasksPerAz());
        Set<String> eligible = model.eligibleAvailabilityZones();
        List<String> eligibleList = List.copyOf(eligible);
        int skew = skew(countedZones(tasksPerAz, eligible));

        // 2. Gates: states in which ECS itself is still moving tasks, or the rebalancer must wait.
        PlanReason gate = gate(snapshot, model);
        if (gate != null) {
            return RebalancePlan.noAction(gate, gateDetail(snapshot, gate), tasksPerAz, eligibleList, skew);
        }

        // 3. Nothing to do when the counted zones are already within maxSkew.
        Map<String, Integer> balance = countedZones(tasksPerAz, eligible);
        if (!needsAction(balance, snapshot.desiredCount(), policy.maxSkew())) {
            return RebalancePlan.noAction(PlanReason.BALANCED,
                    "skew " + skew + " is within maxSkew " + policy.maxSkew(), tasksPerAz, eligibleList, skew);
        }

        // 4. Cooldowns, checked after balance so that reports still show how skewed the service is.
        if (now.isBefore(history.ineffectiveUntil())) {
            return RebalancePlan.noAction(PlanReason.INEFFECTIVE_COOLDOWN,
                    "no action until " + history.ineffectiveUntil(), tasksPerAz, eligibleList, skew);
        }
        Instant cooldownEnd = history.lastRebalanceAt().plus(policy.cooldown());
        if (now.isBefore(cooldownEnd)) {
            return RebalancePlan.noAction(PlanReason.COOLDOWN,
                    "no action until " + cooldownEnd, tasksPerAz, eligibleList, skew);
        }
        if (eligible.isEmpty()) {
            return RebalancePlan.noAction(PlanReason.NO_ELIGIBLE_AVAILABILITY_ZONE,
                    noEligibleDetail(snapshot), tasksPerAz, eligibleList, skew);
        }

        // 5. The strategy's headroom caps the number of moves.
        int limit = moveLimit(snapshot, policy);
        if (limit <= 0) {
            PlanReason reason = policy.strategy() == RebalanceStrategy.SURGE
                    ? PlanReason.NO_SURGE_HEADROOM
                    : PlanReason.NO_REPLACE_HEADROOM;
            return RebalancePlan.noAction(reason, headroomDetail(snapshot), tasksPerAz, eligibleList, skew);
        }

        // 6. Every RUNNING task must count as healthy. One that is UNHEALTHY or whose container health
        // check has not passed yet already costs availability, so a REPLACE stop now would leave one
        // healthy task fewer still, and a SURGE would only wait for that task. This gate comes after
        // the balance check, so that a balanced service reports BALANCED, and after the cooldowns and
        // headroom, which block for longer, so that the reason names the longer wait.
        List<String> notHealthy = describeNotHealthyTasks(snapshot);
        if (!notHealthy.isEmpty()) {
            return RebalancePlan.noAction(PlanReason.TASKS_NOT_HEALTHY, "tasks " + notHealthy,
                    tasksPerAz, eligibleList, skew);
        }

        // 7. Greedy moves from the most loaded zone to the zone where ECS would place the task.
        List<TaskMove> moves = new ArrayList<>();
        VictimIndex victims = new VictimIndex(snapshot, model, task -> false);
        while (moves.size() < limit && needsAction(balance, snapshot.desiredCount(), policy.maxSkew())) {
            TaskMove move = policy.strategy() == RebalanceStrategy.SURGE
                    ? nextSurgeMove(model, balance, victims)
                    : nextReplaceMove(model, balance, victims);
            if (move == null) {
                break;
            }
            moves.add(move);
            balance.merge(move.fromAvailabilityZone(), -1, Integer::sum);
            balance.merge(move.toAvailabilityZone(), 1, Integer::sum);
        }
        if (moves.isEmpty()) {
            return RebalancePlan.noAction(PlanReason.NO_MOVE_LOWERS_SKEW,
                    "ECS would place a new task in an Availability Zone that is not less loaded, "
                            + "or no task may be stopped",
                    tasksPerAz, eligibleList, skew);
        }
        return new RebalancePlan(PlanReason.SKEWED,
                moves.size() + " move(s)" + (limit == RebalancePolicy.NO_LIMIT ? "" : " within a limit of " + limit),
                new TreeMap<>(tasksPerAz), eligibleList, skew, skew(balance), moves);
    }

    /**
     * Chooses the tasks that must stop when the desired count drops by {@code count}: one at a
     * time from the Availability Zone with the most running tasks, on the instance with the most
     * tasks of the service. The executor protects every other task before it lowers the desired
     * count, so ECS stops exactly these.
     *
     * @param protectedByRebalancer true for tasks whose protection the rebalancer set itself;
     *                              tasks protected by anyone else are never chosen
     * @return the chosen tasks; fewer than {@code count} when no more may be stopped
     */
    public static List<TaskSnapshot> selectScaleInVictims(
            ServiceSnapshot snapshot, int count, Predicate<TaskSnapshot> protectedByRebalancer) {
        PlacementModel model = new PlacementModel(snapshot);
        Map<String, Integer> balance = new TreeMap<>(model.tasksPerAz());
        VictimIndex index = new VictimIndex(snapshot, model, protectedByRebalancer);
        List<TaskSnapshot> victims = new ArrayList<>();
        while (victims.size() < count) {
            TaskSnapshot victim = null;
            for (String zone : zonesByLoad(balance)) {
                victim = index.next(zone);
                if (victim != null) {
                    break;
                }
            }
            if (victim == null) {
                break;
            }
            victims.add(victim);
            index.remove(victim);
            balance.merge(victim.availabilityZone(), -1, Integer::sum);
        }
        return List.copyOf(victims);
    }

    /**
     * Describes the RUNNING tasks that do not count as healthy by their task definition's rule
     * ({@link TaskSnapshot#isRunningAndHealthy()}), as {@code taskId=reason}, so that an operator
     * sees whether a task is {@code UNHEALTHY} or its {@code health check not passed yet}.
     *
     * @return the descriptions in the snapshot's task order; empty when every RUNNING task is healthy
     */
    public static List<String> describeNotHealthyTasks(ServiceSnapshot snapshot) {
        return snapshot.tasks().stream()
                .filter(TaskSnapshot::isRunning)
                .filter(task -> !task.isRunningAndHealthy())
                .map(task -> task.taskId() + "=" + (task.isAwaitingHealthCheck()
                        ? "health check not passed yet"
                        : task.healthStatus()))
                .toList();
    }

    /**
     * Returns the skew of the given counts: the largest count minus the smallest, 0 for no
     * zone.
     */
    public static int skew(Map<String, Integer> tasksPerAz) {
        int max = tasksPerAz.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = tasksPerAz.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return max - min;
    }

    /**
     * Returns true when the planner counts the service as skewed, so that it plans moves unless a
     * gate or a cooldown stops it. The zones that count are those with a task and those that can
     * take one. The service is skewed when their skew exceeds {@code maxSkew}, or when one of
     * them has no task although the desired count is at least the number of those zones,
     * because ECS itself places one task in every zone before it places a second in any.
     * For example, with desired count 3 and maxSkew 2:
     *
     * <pre>
     *   us-east-1a=2  us-east-1b=1  us-east-1c=0, 1c eligible      skewed: skew 2, but 1c has no task
     *   us-east-1a=2  us-east-1b=1  us-east-1c=0, 1c not eligible  balanced: 1c does not count, skew 1
     * </pre>
     *
     * @param tasksPerAz                running tasks per Availability Zone, zones without a task
     *                                  included, as {@link RebalancePlan#tasksPerAz()} returns them
     * @param eligibleAvailabilityZones the zones where ECS can place one more task, as
     *                                  {@link RebalancePlan#eligibleAzs()} holds them
     * @param desiredCount              the service's desired count
     * @param maxSkew                   the largest skew that still counts as balanced
     */
    public static boolean isSkewed(Map<String, Integer> tasksPerAz, Collection<String> eligibleAvailabilityZones,
            int desiredCount, int maxSkew) {
        Objects.requireNonNull(tasksPerAz, "tasksPerAz");
        Objects.requireNonNull(eligibleAvailabilityZones, "eligibleAvailabilityZones");
        return needsAction(countedZones(tasksPerAz, Set.copyOf(eligibleAvailabilityZones)), desiredCount, maxSkew);
    }

    /**
     * Returns the counts of the zones that count towards the skew: those that hold a task and
     * those that can take one.
     */
    static Map<String, Integer> countedZones(Map<String, Integer> tasksPerAz, Set<String> eligible) {
        Map<String, Integer> counted = new TreeMap<>();
        tasksPerAz.forEach((zone, count) -> {
            if (count > 0 || eligible.contains(zone)) {
                counted.put(zone, count);
            }
        });
        return counted;
    }

    private static boolean needsAction(Map<String, Integer> balance, int desiredCount, int maxSkew) {
        if (balance.isEmpty()) {
            return false;
        }
        if (skew(balance) > maxSkew) {
            return true;
        }
        // ECS's own rule: at least one task per zone when there are enough tasks.
        boolean enoughTasks = desiredCount >= balance.size();
        return enoughTasks && balance.containsValue(0);
    }

    private static PlanReason gate(ServiceSnapshot snapshot, PlacementModel model) {
        if (!"ACTIVE".equals(snapshot.status())) {
            return PlanReason.SERVICE_NOT_ACTIVE;
        }
        if ("DAEMON".equals(snapshot.schedulingStrategy())) {
            return PlanReason.DAEMON_SERVICE;
        }
        if ("FARGATE".equals(snapshot.launchType()) || "EXTERNAL".equals(snapshot.launchType())) {
            return PlanReason.NOT_ON_EC2;
        }
        if (snapshot.desiredCount() == 0) {
            return PlanReason.DESIRED_COUNT_ZERO;
        }
        if (snapshot.deployments().size() != 1 || snapshot.deployments().get(0).isInProgress()) {
            return PlanReason.DEPLOYMENT_IN_PROGRESS;
        }
        if (snapshot.tasks().stream().anyMatch(TaskSnapshot::isInTransition)) {
            return PlanReason.TASKS_IN_TRANSITION;
        }
        long running = snapshot.tasks().stream().filter(TaskSnapshot::isRunning).count();
        if (running != snapshot.desiredCount()) {
            return PlanReason.SERVICE_NOT_STEADY;
        }
        for (TaskSnapshot task : snapshot.tasks()) {
            PlacementModel.Slot slot = model.slot(task.containerInstanceArn());
            if (slot != null && "DRAINING".equals(slot.instance.status())) {
                return PlanReason.INSTANCE_DRAINING;
            }
        }
        return null;
    }

    private static String gateDetail(ServiceSnapshot snapshot, PlanReason gate) {
        switch (gate) {
            case DEPLOYMENT_IN_PROGRESS:
                return snapshot.deployments().size() + " deployment(s)";
            case TASKS_IN_TRANSITION:
                return "tasks " + snapshot.tasks().stream()
                        .filter(TaskSnapshot::isInTransition)
                        .map(task -> task.taskId() + "=" + task.lastStatus())
                        .toList();
            case SERVICE_NOT_STEADY:
                return snapshot.tasks().stream().filter(TaskSnapshot::isRunning).count()
                        + " running task(s), desired count " + snapshot.desiredCount();
            default:
                return gate.description();
        }
    }

    private static String noEligibleDetail(ServiceSnapshot snapshot) {
        if (snapshot.taskRequirements().awsvpc() && snapshot.subnetAvailabilityZones().isEmpty()) {
            return "the Availability Zones of the service's awsvpc subnets are not known";
        }
        return "no ACTIVE, connected container instance has room for cpu "
                + snapshot.taskRequirements().cpu() + ", memory " + snapshot.taskRequirements().memory()
                + " and host ports " + snapshot.taskRequirements().hostTcpPorts();
    }

    private static int moveLimit(ServiceSnapshot snapshot, RebalancePolicy policy) {
        int desired = snapshot.desiredCount();
        if (policy.strategy() == RebalanceStrategy.SURGE) {
            int headroom = desired * snapshot.maximumPercent() / 100 - desired;
            return Math.min(policy.maxMovesPerRun(), Math.min(policy.maxSurge(), headroom));
        }
        // REPLACE stops one task at a time: one task short must stay within minimum healthy percent.
        int minimumHealthy = (desired * snapshot.minimumHealthyPercent() + 99) / 100;
        return desired - 1 >= minimumHealthy ? policy.maxMovesPerRun() : 0;
    }

    private static String headroomDetail(ServiceSnapshot snapshot) {
        return "desired count " + snapshot.desiredCount() + ", minimumHealthyPercent "
                + snapshot.minimumHealthyPercent() + ", maximumPercent " + snapshot.maximumPercent();
    }

    /**
     * SURGE starts the new task before the old one stops, so ECS places it while every old task
     * still runs and keeps its resources reserved.
     */
    private static TaskMove nextSurgeMove(PlacementModel model, Map<String, Integer> balance, VictimIndex victims) {
        SortedMap<String, PlacementModel.Slot> candidates = model.predictPlacement();
        if (candidates.isEmpty()) {
            return null;
        }
        String landing = leastLoadedZone(candidates, balance);
        int worstLanding = worstLandingCount(candidates, balance);
        for (String zone : zonesByLoad(balance)) {
            if (balance.get(zone) - worstLanding < 2) {
                return null;
            }
            TaskSnapshot victim = victims.next(zone);
            if (victim != null) {
                victims.remove(victim);
                addTask(model, victims, candidates.get(landing));
                return new TaskMove(victim.taskArn(), victim.containerInstanceArn(), zone, landing);
            }
        }
        return null;
    }

    /** REPLACE stops the old task first, so ECS places the replacement with its resources free. */
    private static TaskMove nextReplaceMove(PlacementModel model, Map<String, Integer> balance, VictimIndex victims) {
        for (String zone : zonesByLoad(balance)) {
            TaskSnapshot victim = victims.next(zone);
            if (victim == null) {
                continue;
            }
            PlacementModel.Slot victimSlot = model.slot(victim.containerInstanceArn());
            model.removeTask(victim);
            victims.refresh(victimSlot);
            Map<String, Integer> afterStop = new TreeMap<>(balance);
            afterStop.merge(zone, -1, Integer::sum);
            SortedMap<String, PlacementModel.Slot> candidates = model.predictPlacement();
            if (!candidates.isEmpty() && worstLandingCount(candidates, afterStop) < afterStop.get(zone)) {
                String landing = leastLoadedZone(candidates, afterStop);
                victims.remove(victim);
                addTask(model, victims, candidates.get(landing));
                return new TaskMove(victim.taskArn(), victim.containerInstanceArn(), zone, landing);
            }
            // ECS would start the replacement where it would not help: keep the task.
            addTask(model, victims, victimSlot);
        }
        return null;
    }

    private static void addTask(PlacementModel model, VictimIndex victims, PlacementModel.Slot slot) {
        model.addTask(slot);
        victims.refresh(slot);
    }

    /** Returns the zones from the most loaded to the least, ties by name. */
    private static List<String> zonesByLoad(Map<String, Integer> balance) {
        List<String> zones = new ArrayList<>(balance.keySet());
        zones.sort(Comparator.comparing((String zone) -> -balance.get(zone)).thenComparing(zone -> zone));
        return zones;
    }

    /** Returns the least loaded zone among the candidates, ties by name. */
    private static String leastLoadedZone(SortedMap<String, PlacementModel.Slot> candidates,
            Map<String, Integer> balance) {
        String least = null;
        int leastCount = Integer.MAX_VALUE;
        for (String zone : candidates.keySet()) {
            int count = balance.getOrDefault(zone, 0);
            if (count < leastCount) {
                least = zone;
                leastCount = count;
            }
        }
        return least;
    }

    /**
     * Returns the highest count among the zones where ECS may place the task: when ECS may
     * choose among several zones, the move must help whichever it picks.
     */
    private static int worstLandingCount(SortedMap<String, PlacementModel.Slot> candidates,
            Map<String, Integer> balance) {
        int worst = Integer.MIN_VALUE;
        for (String zone : candidates.keySet()) {
            worst = Math.max(worst, balance.getOrDefault(zone, 0));
        }
        return worst;
    }

    private static Map<String, Integer> runningTasksPerAz(ServiceSnapshot snapshot) {
        Map<String, Integer> counts = new TreeMap<>();
        snapshot.availabilityZones().forEach(zone -> counts.put(zone, 0));
        snapshot.tasks().stream()
                .filter(TaskSnapshot::isRunning)
                .forEach(task -> counts.merge(task.availabilityZone(), 1, Integer::sum));
        return counts;
    }
}
