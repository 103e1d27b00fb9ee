package io.github.rebalancedecs.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-zone order that predicts placement for strategies led by a spread across
 * Availability Zones must predict exactly what a pass over every instance predicts, as tasks
 * are added and removed during a plan.
 */
class PlacementModelTest {

    private static final String[] ZONES = {"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"};

    /** Returns the strategy lists that the per-zone order serves, as type and field pairs. */
    static Stream<Arguments> zoneLedStrategies() {
        return Stream.of(
                Arguments.of(List.of()),
                Arguments.of(List.of("spread", "attribute:ecs.availability-zone")),
                Arguments.of(List.of("spread", "attribute:ecs.availability-zone", "spread", "instanceId")),
                Arguments.of(List.of("spread", "attribute:ecs.availability-zone", "binpack", "memory")),
                Arguments.of(List.of("spread", "attribute:ecs.availability-zone", "binpack", "cpu",
                        "spread", "host")),
                Arguments.of(List.of("spread", "attribute:ecs.availability-zone", "random", "")));
    }

    @Test
    void otherStrategiesPredictByScan() {
        ServiceSnapshot snapshot = SnapshotBuilder.service().instance("a1", "us-east-1a").instance("b1", "us-east-1b")
                .strategy("spread", "attribute:ecs.instance-type").strategy("spread", "attribute:ecs.availability-zone")
                .build();

        assertFalse(new PlacementModel(snapshot).predictsByZone());
    }

    @ParameterizedTest
    @MethodSource("zoneLedStrategies")
    void zoneOrderPredictsAsScan(List<String> strategies) {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            ServiceSnapshot snapshot = randomSnapshot(random, strategies);
            PlacementModel model = new PlacementModel(snapshot);
            assertTrue(model.predictsByZone(), strategies.toString());
            List<TaskSnapshot> removable = new ArrayList<>(snapshot.tasks());

            for (int step = 0; step < 40; step++) {
                SortedMap<String, PlacementModel.Slot> predicted = model.predictPlacement();
                assertEquals(model.predictByScan(), predicted, "seed " + seed + ", step " + step);

                // Add a task where ECS would place it, or stop one, as a plan does.
                if (!predicted.isEmpty() && (removable.isEmpty() || random.nextInt(3) > 0)) {
                    List<PlacementModel.Slot> choices = new ArrayList<>(predicted.values());
                    model.addTask(choices.get(random.nextInt(choices.size())));
                } else if (!removable.isEmpty()) {
                    model.removeTask(removable.remove(random.nextInt(removable.size())));
                }
            }
        }
    }

    private static ServiceSnapshot randomSnapshot(Random random, List<String> strategies) {
        SnapshotBuilder builder = SnapshotBuilder.service().requirements(128, 256, Set.of());
        int zones = 2 + random.nextInt(3);
        int instance = 0;
        for (int zone = 0; zone < zones; zone++) {
            for (int count = 1 + random.nextInt(4); count > 0; count--) {
                String id = "i" + instance++;
                // Room for 2 to 8 tasks by CPU and 2 to 8 by memory, so that fit and binpack vary.
                int cpu = 128 * (2 + random.nextInt(7));
                int memory = 256 * (2 + random.nextInt(7));
                builder.instance(id, ZONES[zone], cpu, memory);
                builder.tasks(id, random.nextInt(Math.min(cpu / 128, memory / 256) + 1));
            }
        }
        for (int index = 0; index < strategies.size(); index += 2) {
            builder.strategy(strategies.get(index), strategies.get(index + 1));
        }
        return builder.build();
    }
}
