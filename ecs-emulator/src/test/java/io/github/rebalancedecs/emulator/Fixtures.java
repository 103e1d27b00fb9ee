package io.github.rebalancedecs.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Set-up shared by the tests: an emulator with one cluster and instances in named AZs. */
public final class Fixtures {

    public static final String CLUSTER = "prod";
    public static final String SERVICE = "web";

    private Fixtures() {
    }

    /** Returns a builder with short lifecycle timings so tests advance less virtual time. */
    public static EcsEmulator.Builder fastEmulator() {
        return EcsEmulator.builder()
                .seed(7)
                .taskStartDuration(Duration.ofSeconds(5))
                .healthCheckDuration(Duration.ofSeconds(10))
                .taskStopDuration(Duration.ofSeconds(5));
    }

    /** Creates the cluster and one 2048-CPU, 4096-MiB instance per zone; returns their IDs in order. */
    public static List<String> clusterWithInstances(EcsEmulator emulator, String... availabilityZones) {
        emulator.createCluster(CLUSTER);
        List<String> ids = new ArrayList<>();
        for (String zone : availabilityZones) {
            ids.add(emulator.registerContainerInstance(CLUSTER, zone));
        }
        return ids;
    }

    /** Returns a service spec named {@code web} with the given desired count and an AZ spread. */
    public static ServiceSpec.Builder spreadService(int desiredCount) {
        return ServiceSpec.builder()
                .serviceName(SERVICE)
                .desiredCount(desiredCount)
                .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones(),
                        PlacementStrategy.spreadAcrossInstances()));
    }

    /** Advances until the service runs its desired count of HEALTHY tasks, or fails after 10 minutes. */
    public static void awaitSteady(EcsEmulator emulator, int desiredCount) {
        boolean steady = emulator.advanceUntil(() -> {
            List<TaskSnapshot> tasks = emulator.tasks(CLUSTER, SERVICE);
            return tasks.size() == desiredCount && tasks.stream().allMatch(
                    t -> t.lastStatus() == TaskStatus.RUNNING && t.healthStatus() == HealthStatus.HEALTHY);
        }, Duration.ofMinutes(10));
        if (!steady) {
            throw new AssertionError("Service did not reach " + desiredCount + " healthy tasks: "
                    + emulator.tasks(CLUSTER, SERVICE));
        }
    }
}
