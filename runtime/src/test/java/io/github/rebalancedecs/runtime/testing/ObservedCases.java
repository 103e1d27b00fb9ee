package io.github.rebalancedecs.runtime.testing;

import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import java.util.List;

/**
 * The three AZ skews operators recorded on a real cluster in us-east-1 (one service, desired
 * count 3, three Availability Zones, spread placement), set up in the emulator with the same
 * task and container instance IDs.
 */
public final class ObservedCases {

    public static final String SERVICE = "web";

    private ObservedCases() {
    }

    /** Case 1: the us-east-1a instance was replaced; its task restarted in us-east-1b. */
    public static void instanceReplaced(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent) {
        String c = testbed.instance("efc73e16e2124f8ebd95afb979fbcaa9", "us-east-1c");
        String b = testbed.instance("39e05f45f51d467ba061e3f23fb2782b", "us-east-1b");
        testbed.instance("96d493dfb02b4ca1b7d9e872ac0e1fc1", "us-east-1a");
        service(testbed, minimumHealthyPercent, maximumPercent);
        testbed.runningTask(SERVICE, c, "45157257286d4f3981a2ff35001f1a46");
        testbed.runningTask(SERVICE, b, "485d46dc05404411ac615b0813f8ce63");
        testbed.runningTask(SERVICE, b, "87054724fb1045458d6ac7bbab585649");
    }

    /** Case 2: two tasks on one us-east-1a instance, none in us-east-1b. */
    public static void twoTasksInOneZone(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent) {
        String a = testbed.instance("96d493dfb02b4ca1b7d9e872ac0e1fc1", "us-east-1a");
        String c = testbed.instance("0f8741e98ef14fea8a9be97b47dd9314", "us-east-1c");
        testbed.instance("fbd9e4f75ffa486ca31a523610e45572", "us-east-1b");
        service(testbed, minimumHealthyPercent, maximumPercent);
        testbed.runningTask(SERVICE, a, "d420d2c918d747f6a2cf1a65c8869354");
        testbed.runningTask(SERVICE, c, "dbf602f92bbf4c9ba5847b505aad5a55");
        testbed.runningTask(SERVICE, a, "e6d1c1c466e441cda44d94c77372bb7e");
    }

    /** Case 3: every task on one us-east-1c instance. */
    public static void allTasksOnOneInstance(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent) {
        String c = testbed.instance("138a5de0b5c447a895a1fed88817bba2", "us-east-1c");
        testbed.instance("d3cee28f9fc3461aa28b1276393ea7f5", "us-east-1b");
        testbed.instance("a5821139a27c415893594f698e9c130b", "us-east-1a");
        service(testbed, minimumHealthyPercent, maximumPercent);
        testbed.runningTask(SERVICE, c, "131b81060b6b4aeeaa1db54b859f8aa6");
        testbed.runningTask(SERVICE, c, "90426a6661e04f73a1535f184279285d");
        testbed.runningTask(SERVICE, c, "bc2d2be6f4564eee81eccfbdcb957ac3");
    }

    private static void service(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent) {
        testbed.service(ServiceSpec.builder()
                .serviceName(SERVICE)
                .desiredCount(3)
                .taskCpu(256)
                .taskMemory(512)
                .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones(),
                        PlacementStrategy.spreadAcrossInstances()))
                .minimumHealthyPercent(minimumHealthyPercent)
                .maximumPercent(maximumPercent));
    }
}
