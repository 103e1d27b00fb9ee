package io.github.rebalancedecs.runtime.planner;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementConstraint;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A mutable working copy of a snapshot's container instances that predicts where ECS places
 * the next task of the service. It applies the placement constraints, the resource and port
 * fit, and then the placement strategies in order, as the ECS documentation describes them.
 *
 * <p>One model serves one planning run; nothing in it is shared.
 */
final class PlacementModel {

    private static final PlacementStrategy AZ_SPREAD =
            new PlacementStrategy("spread", NativeRebalancingSupport.AVAILABILITY_ZONE_ATTRIBUTE);

    private final TaskRequirements requirements;
    private final Set<String> subnetAvailabilityZones;
    private final List<MemberOfExpression> memberOfExpressions;
    private final boolean distinctInstance;
    private final List<PlacementStrategy> strategies;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final Map<String, Integer> tasksPerAz = new TreeMap<>();

    /** One container instance with what is left on it during the planning run. */
    static final class Slot {
        final ContainerInstanceSnapshot instance;
        int remainingCpu;
        int remainingMemory;
        final Set<Integer> reservedTcpPorts;
        int serviceTasks;

        Slot(ContainerInstanceSnapshot instance) {
            this.instance = instance;
            this.remainingCpu = instance.remainingCpu();
            this.remainingMemory = instance.remainingMemory();
            this.reservedTcpPorts = new HashSet<>(instance.reservedTcpPorts());
        }

        String availabilityZone() {
            return instance.availabilityZone();
        }
    }

    /**
     * Builds the model.
     *
     * @throws IllegalArgumentException when a memberOf expression cannot be evaluated
     */
    PlacementModel(ServiceSnapshot snapshot) {
        this.requirements = snapshot.taskRequirements();
        this.subnetAvailabilityZones = snapshot.subnetAvailabilityZones();
        this.memberOfExpressions = new ArrayList<>();
        boolean distinct = false;
        for (PlacementConstraint constraint : snapshot.placementConstraints()) {
            if ("memberOf".equalsIgnoreCase(constraint.type()) && constraint.expression() != null) {
                memberOfExpressions.add(MemberOfExpression.parse(constraint.expression()));
            } else if ("distinctInstance".equalsIgnoreCase(constraint.type())) {
                distinct = true;
            }
        }
        this.distinctInstance = distinct;
        // ECS spreads the tasks of a service across Availability Zones when it has no strategy.
        this.strategies = snapshot.placementStrategies().isEmpty()
                ? List.of(AZ_SPREAD)
                : snapshot.placementStrategies();

        for (ContainerInstanceSnapshot instance : snapshot.containerInstances()) {
            slots.put(instance.containerInstanceArn(), new Slot(instance));
            tasksPerAz.putIfAbsent(instance.availabilityZone(), 0);
        }
        for (TaskSnapshot task : snapshot.tasks()) {
            if (!task.isRunning()) {
                continue;
            }
            tasksPerAz.merge(task.availabilityZone(), 1, Integer::sum);
            Slot slot = slots.get(task.containerInstanceArn());
            if (slot != null) {
                slot.serviceTasks++;
            }
        }
    }

    /** Returns the running tasks of the service per Availability Zone, zero for empty zones. */
    Map<String, Integer> tasksPerAz() {
        return tasksPerAz;
    }

    int tasksIn(String availabilityZone) {
        return tasksPerAz.getOrDefault(availabilityZone, 0);
    }

    Slot slot(String containerInstanceArn) {
        return slots.get(containerInstanceArn);
    }

    /** Returns the Availability Zones with at least one instance that can take one more task. */
    Set<String> eligibleAvailabilityZones() {
        Set<String> zones = new TreeSet<>();
        for (Slot slot : slots.values()) {
            if (canTakeTask(slot)) {
                zones.add(slot.availabilityZone());
            }
        }
        return zones;
    }

    /**
     * Returns the instances among which ECS would choose for the next task, after constraints,
     * fit and every placement strategy; empty when the task fits nowhere.
     */
    List<Slot> predictPlacement() {
        List<Slot> candidates = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (canTakeTask(slot)) {
                candidates.add(slot);
            }
        }
        for (PlacementStrategy strategy : strategies) {
            if (candidates.size() <= 1) {
                break;
            }
            candidates = narrow(candidates, strategy);
        }
        candidates.sort(Comparator.comparing((Slot slot) -> slot.availabilityZone())
                .thenComparing(slot -> slot.instance.containerInstanceArn()));
        return candidates;
    }

    /** Records one more task of the service on the instance. */
    void addTask(Slot slot) {
        slot.remainingCpu -= requirements.cpu();
        slot.remainingMemory -= requirements.memory();
        slot.reservedTcpPorts.addAll(requirements.hostTcpPorts());
        slot.serviceTasks++;
        tasksPerAz.merge(slot.availabilityZone(), 1, Integer::sum);
    }

    /** Records that a task of the service stopped and freed its resources. */
    void removeTask(TaskSnapshot task) {
        Slot slot = slots.get(task.containerInstanceArn());
        slot.remainingCpu += requirements.cpu();
        slot.remainingMemory += requirements.memory();
        slot.reservedTcpPorts.removeAll(requirements.hostTcpPorts());
        slot.serviceTasks--;
        tasksPerAz.merge(task.availabilityZone(), -1, Integer::sum);
    }

    private boolean canTakeTask(Slot slot) {
        ContainerInstanceSnapshot instance = slot.instance;
        if (!instance.acceptsTasks()) {
            return false;
        }
        if (slot.remainingCpu < requirements.cpu() || slot.remainingMemory < requirements.memory()) {
            return false;
        }
        for (Integer port : requirements.hostTcpPorts()) {
            if (slot.reservedTcpPorts.contains(port)) {
                return false;
            }
        }
        if (distinctInstance && slot.serviceTasks > 0) {
            return false;
        }
        if (requirements.awsvpc() && !subnetAvailabilityZones.contains(instance.availabilityZone())) {
            return false;
        }
        for (MemberOfExpression expression : memberOfExpressions) {
            if (!expression.matches(instance)) {
                return false;
            }
        }
        return true;
    }

    private List<Slot> narrow(List<Slot> candidates, PlacementStrategy strategy) {
        String type = strategy.type().toLowerCase(Locale.ROOT);
        String field = strategy.field() == null ? "" : strategy.field().trim();
        if (type.equals("spread")) {
            Map<String, Integer> tasksPerValue = tasksPerValue(field);
            int fewest = candidates.stream()
                    .mapToInt(slot -> tasksPerValue.getOrDefault(spreadValue(slot, field), 0))
                    .min()
                    .orElse(0);
            return filter(candidates, slot -> tasksPerValue.getOrDefault(spreadValue(slot, field), 0) == fewest);
        }
        if (type.equals("binpack")) {
            boolean byMemory = field.equalsIgnoreCase("memory");
            int least = candidates.stream()
                    .mapToInt(slot -> byMemory ? slot.remainingMemory : slot.remainingCpu)
                    .min()
                    .orElse(0);
            return filter(candidates, slot -> (byMemory ? slot.remainingMemory : slot.remainingCpu) == least);
        }
        // random: ECS may pick any candidate, so every one stays possible.
        return candidates;
    }

    private Map<String, Integer> tasksPerValue(String field) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Slot slot : slots.values()) {
            counts.merge(spreadValue(slot, field), slot.serviceTasks, Integer::sum);
        }
        return counts;
    }

    private static String spreadValue(Slot slot, String field) {
        if (field.equalsIgnoreCase("instanceId") || field.equalsIgnoreCase("host")) {
            return slot.instance.containerInstanceArn();
        }
        if (field.equalsIgnoreCase(NativeRebalancingSupport.AVAILABILITY_ZONE_ATTRIBUTE)) {
            return slot.availabilityZone();
        }
        String attribute = field.startsWith("attribute:") ? field.substring("attribute:".length()) : field;
        return String.valueOf(slot.instance.attributes().get(attribute));
    }

    private static List<Slot> filter(List<Slot> candidates, java.util.function.Predicate<Slot> keep) {
        List<Slot> kept = new ArrayList<>();
        for (Slot slot : candidates) {
            if (keep.test(slot)) {
                kept.add(slot);
            }
        }
        return kept;
    }
}
