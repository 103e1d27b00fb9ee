package io.github.rebalancedecs.runtime.planner;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementConstraint;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A mutable working copy of a snapshot's container instances that predicts where ECS places
 * the next task of the service. It applies the placement constraints, the resource and port
 * fit, and then the placement strategies in order, as the ECS documentation describes them.
 *
 * <p>One model serves one planning run; nothing in it is shared. A plan may add thousands of
 * tasks, with one prediction each. The model therefore keeps what a prediction reads up to date
 * as tasks are added and removed: whether each instance fits one more task, and the task count
 * of every value that a spread strategy spreads over. A prediction is then one pass over the
 * instances with integer comparisons, or, for the usual strategies led by a spread across
 * Availability Zones, a look at the first instance of each zone.
 */
final class PlacementModel {

    private static final PlacementStrategy AZ_SPREAD =
            new PlacementStrategy("spread", NativeRebalancingSupport.AVAILABILITY_ZONE_ATTRIBUTE);

    private final TaskRequirements requirements;
    private final boolean distinctInstance;
    private final List<StrategyKey> strategyKeys = new ArrayList<>();
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    /** The slots by Availability Zone, then ARN: the order in which predictions list them. */
    private final List<Slot> orderedSlots;
    private final Map<String, Integer> tasksPerAz = new TreeMap<>();
    /**
     * When the first strategy spreads across Availability Zones and every other one ranks each
     * instance on its own (spread across instances, binpack, random), the instances that fit,
     * per zone, in the order of the other strategies' keys. A prediction then looks at the first
     * instance of each zone. Otherwise {@code null}, and a prediction passes over every instance.
     */
    private final Map<String, TreeSet<Slot>> fittingByZone;

    /** One container instance with what is left on it during the planning run. */
    static final class Slot {
        final ContainerInstanceSnapshot instance;
        int remainingCpu;
        int remainingMemory;
        final Set<Integer> reservedTcpPorts;
        int serviceTasks;
        /** Whether the constraints, which do not change during a run, allow a task here. */
        private boolean allowed;
        /** Whether the instance takes one more task now. */
        private boolean fits;
        /** Per spread strategy, the index of this instance's value in that strategy's counts. */
        private int[] spreadValues;

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

    /** The key by which one placement strategy ranks the instances: the lowest wins. */
    private static final class StrategyKey {
        enum Kind { SPREAD, BINPACK_CPU, BINPACK_MEMORY, RANDOM }

        final Kind kind;
        final String field;
        /** For SPREAD, the tasks of the service per value, indexed by {@link Slot#spreadValues}. */
        int[] tasksPerValue;

        StrategyKey(Kind kind, String field) {
            this.kind = kind;
            this.field = field;
        }

        int of(Slot slot, int strategyIndex) {
            switch (kind) {
                case SPREAD:
                    return tasksPerValue[slot.spreadValues[strategyIndex]];
                case BINPACK_CPU:
                    return slot.remainingCpu;
                case BINPACK_MEMORY:
                    return slot.remainingMemory;
                default:
                    // random: ECS may pick any candidate, so every one stays possible.
                    return 0;
            }
        }
    }

    /**
     * Builds the model.
     *
     * @throws IllegalArgumentException when a memberOf expression cannot be evaluated
     */
    PlacementModel(ServiceSnapshot snapshot) {
        this.requirements = snapshot.taskRequirements();
        List<MemberOfExpression> memberOfExpressions = new ArrayList<>();
        boolean distinct = false;
        for (PlacementConstraint constraint : snapshot.placementConstraints()) {
            if ("memberOf".equalsIgnoreCase(constraint.type()) && constraint.expression() != null) {
                memberOfExpressions.add(MemberOfExpression.parse(constraint.expression()));
            } else if ("distinctInstance".equalsIgnoreCase(constraint.type())) {
                distinct = true;
            }
        }
        this.distinctInstance = distinct;

        for (ContainerInstanceSnapshot instance : snapshot.containerInstances()) {
            Slot slot = new Slot(instance);
            slot.allowed = allowed(instance, snapshot.subnetAvailabilityZones(), memberOfExpressions);
            slots.put(instance.containerInstanceArn(), slot);
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

        List<Slot> ordered = new ArrayList<>(slots.values());
        ordered.sort(Comparator.comparing((Slot slot) -> slot.availabilityZone())
                .thenComparing(slot -> slot.instance.containerInstanceArn()));
        this.orderedSlots = ordered;

        // ECS spreads the tasks of a service across Availability Zones when it has no strategy.
        List<PlacementStrategy> strategies = snapshot.placementStrategies().isEmpty()
                ? List.of(AZ_SPREAD)
                : snapshot.placementStrategies();
        for (PlacementStrategy strategy : strategies) {
            strategyKeys.add(strategyKey(strategy));
        }
        indexSpreadValues();
        this.fittingByZone = zoneFirstWithOwnKeys() ? new TreeMap<>() : null;
        for (Slot slot : orderedSlots) {
            if (fittingByZone != null) {
                fittingByZone.putIfAbsent(slot.availabilityZone(), new TreeSet<>(this::compareWithinZone));
            }
            attach(slot);
        }
    }

    /** Returns whether the strategies allow the per-zone order of {@link #fittingByZone}. */
    private boolean zoneFirstWithOwnKeys() {
        StrategyKey first = strategyKeys.get(0);
        if (first.kind != StrategyKey.Kind.SPREAD
                || !first.field.equalsIgnoreCase(NativeRebalancingSupport.AVAILABILITY_ZONE_ATTRIBUTE)) {
            return false;
        }
        for (StrategyKey key : strategyKeys.subList(1, strategyKeys.size())) {
            boolean perInstance = key.field.equalsIgnoreCase("instanceId") || key.field.equalsIgnoreCase("host");
            if (key.kind == StrategyKey.Kind.SPREAD && !perInstance) {
                return false;
            }
        }
        return true;
    }

    /** Orders the instances of one zone by every strategy but the first, then by ARN. */
    private int compareWithinZone(Slot slot, Slot other) {
        int comparison = compareLaterKeys(slot, other);
        return comparison != 0 ? comparison
                : slot.instance.containerInstanceArn().compareTo(other.instance.containerInstanceArn());
    }

    /** Works out whether the slot fits, and enters it in the per-zone order when it does. */
    private void attach(Slot slot) {
        slot.fits = fits(slot);
        if (fittingByZone != null && slot.fits) {
            fittingByZone.get(slot.availabilityZone()).add(slot);
        }
    }

    /** Takes the slot out of the per-zone order before one of its keys changes. */
    private void detach(Slot slot) {
        if (fittingByZone != null && slot.fits) {
            fittingByZone.get(slot.availabilityZone()).remove(slot);
        }
    }

    private static StrategyKey strategyKey(PlacementStrategy strategy) {
        String type = strategy.type().toLowerCase(Locale.ROOT);
        String field = strategy.field() == null ? "" : strategy.field().trim();
        if (type.equals("spread")) {
            return new StrategyKey(StrategyKey.Kind.SPREAD, field);
        }
        if (type.equals("binpack")) {
            return new StrategyKey(field.equalsIgnoreCase("memory")
                    ? StrategyKey.Kind.BINPACK_MEMORY : StrategyKey.Kind.BINPACK_CPU, field);
        }
        return new StrategyKey(StrategyKey.Kind.RANDOM, field);
    }

    /** Gives each slot the index of its value per spread strategy, and counts the tasks per value. */
    private void indexSpreadValues() {
        for (Slot slot : orderedSlots) {
            slot.spreadValues = new int[strategyKeys.size()];
        }
        for (int index = 0; index < strategyKeys.size(); index++) {
            StrategyKey key = strategyKeys.get(index);
            if (key.kind != StrategyKey.Kind.SPREAD) {
                continue;
            }
            Map<String, Integer> valueIndexes = new HashMap<>();
            for (Slot slot : orderedSlots) {
                Integer valueIndex = valueIndexes.computeIfAbsent(spreadValue(slot, key.field),
                        value -> valueIndexes.size());
                slot.spreadValues[index] = valueIndex;
            }
            key.tasksPerValue = new int[valueIndexes.size()];
            for (Slot slot : orderedSlots) {
                key.tasksPerValue[slot.spreadValues[index]] += slot.serviceTasks;
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
        for (Slot slot : orderedSlots) {
            if (slot.fits) {
                zones.add(slot.availabilityZone());
            }
        }
        return zones;
    }

    /**
     * Predicts where ECS places the next task: of the instances among which ECS would choose,
     * after constraints, fit and every placement strategy, the first by ARN in each zone, by
     * zone. Empty when the task fits nowhere.
     *
     * <p>Applying the strategies in order keeps, of the instances that fit, those whose first
     * strategy's key is lowest, then of those the lowest second key, and so on: the instances
     * whose keys, compared in strategy order, are the lowest.
     */
    SortedMap<String, Slot> predictPlacement() {
        return fittingByZone != null ? predictByZone() : predictByScan();
    }

    /** Returns whether predictions come from the per-zone order rather than a pass over every instance. */
    boolean predictsByZone() {
        return fittingByZone != null;
    }

    /** Predicts in one pass over every instance, which serves any strategies. */
    SortedMap<String, Slot> predictByScan() {
        return lowestKeysByZone(orderedSlots);
    }

    /**
     * Predicts from the per-zone order. The first instance of each zone has the lowest keys of its
     * zone, so the lowest keys among those firsts are the lowest of all.
     */
    private SortedMap<String, Slot> predictByZone() {
        List<Slot> firsts = new ArrayList<>();
        for (TreeSet<Slot> zone : fittingByZone.values()) {
            if (!zone.isEmpty()) {
                firsts.add(zone.first());
            }
        }
        return lowestKeysByZone(firsts);
    }

    /**
     * Returns, of the given instances that fit, those with the lowest keys in strategy order: the
     * first in each zone, by zone. The instances must come sorted by zone, then ARN.
     */
    private SortedMap<String, Slot> lowestKeysByZone(List<Slot> slots) {
        List<Slot> lowest = new ArrayList<>();
        for (Slot slot : slots) {
            if (!slot.fits) {
                continue;
            }
            int comparison = lowest.isEmpty() ? -1 : compareKeys(slot, lowest.get(0));
            if (comparison < 0) {
                lowest.clear();
            }
            if (comparison <= 0) {
                lowest.add(slot);
            }
        }

        SortedMap<String, Slot> firstByZone = new TreeMap<>();
        for (Slot slot : lowest) {
            firstByZone.putIfAbsent(slot.availabilityZone(), slot);
        }
        return firstByZone;
    }

    private int compareLaterKeys(Slot slot, Slot other) {
        for (int index = 1; index < strategyKeys.size(); index++) {
            StrategyKey key = strategyKeys.get(index);
            int comparison = Integer.compare(key.of(slot, index), key.of(other, index));
            if (comparison != 0) {
                return comparison;
            }
        }
        return 0;
    }

    private int compareKeys(Slot slot, Slot other) {
        int comparison = Integer.compare(strategyKeys.get(0).of(slot, 0), strategyKeys.get(0).of(other, 0));
        return comparison != 0 ? comparison : compareLaterKeys(slot, other);
    }

    /** Records one more task of the service on the instance. */
    void addTask(Slot slot) {
        detach(slot);
        slot.remainingCpu -= requirements.cpu();
        slot.remainingMemory -= requirements.memory();
        slot.reservedTcpPorts.addAll(requirements.hostTcpPorts());
        changeServiceTasks(slot, 1);
        attach(slot);
        tasksPerAz.merge(slot.availabilityZone(), 1, Integer::sum);
    }

    /** Records that a task of the service stopped and freed its resources. */
    void removeTask(TaskSnapshot task) {
        Slot slot = slots.get(task.containerInstanceArn());
        detach(slot);
        slot.remainingCpu += requirements.cpu();
        slot.remainingMemory += requirements.memory();
        slot.reservedTcpPorts.removeAll(requirements.hostTcpPorts());
        changeServiceTasks(slot, -1);
        attach(slot);
        tasksPerAz.merge(task.availabilityZone(), -1, Integer::sum);
    }

    /**
     * Changes the instance's task count and the counts of its spread values. The zone's count
     * is a key of every fitting instance of the zone, but the same for each, so the per-zone
     * order does not change.
     */
    private void changeServiceTasks(Slot slot, int delta) {
        slot.serviceTasks += delta;
        for (int index = 0; index < strategyKeys.size(); index++) {
            StrategyKey key = strategyKeys.get(index);
            if (key.kind == StrategyKey.Kind.SPREAD) {
                key.tasksPerValue[slot.spreadValues[index]] += delta;
            }
        }
    }

    /** The checks that depend only on the instance and the service, not on the tasks placed. */
    private boolean allowed(ContainerInstanceSnapshot instance, Set<String> subnetAvailabilityZones,
            List<MemberOfExpression> memberOfExpressions) {
        if (!instance.acceptsTasks()) {
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

    private boolean fits(Slot slot) {
        if (!slot.allowed) {
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
        return !distinctInstance || slot.serviceTasks == 0;
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
}
