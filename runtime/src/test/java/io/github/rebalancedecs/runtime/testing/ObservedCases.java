package io.github.rebalancedecs.runtime.testing;

import io.github.rebalancedecs.emulator.engine.ServiceUpdate;
import io.github.rebalancedecs.emulator.scenario.TimelinePlayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The three Availability Zone skews operators recorded on a real cluster in us-east-1: one
 * service, desired count 3, three Availability Zones, spread placement. Each case comes from
 * the emulator's shipped scenario file, with the recorded task and container instance IDs, and
 * starts when every zone has an instance again. Native rebalancing is off, so that only the
 * runtime moves tasks.
 */
public final class ObservedCases {

    public static final String SERVICE = "web";

    private ObservedCases() {
    }

    /**
     * Case 1: the us-east-1a instance was replaced and its task restarted in us-east-1b, so
     * us-east-1a=0, us-east-1b=2, us-east-1c=1 once the new us-east-1a instance joins at 10 minutes.
     */
    public static void instanceReplaced(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent) {
        setUp(testbed, "observed-case-1", Duration.ofMinutes(10), minimumHealthyPercent, maximumPercent);
    }

    /**
     * Case 2: two tasks on one us-east-1a instance and one in us-east-1c, so us-east-1a=2,
     * us-east-1b=0, us-east-1c=1 once the us-east-1b instance joins at 1 minute.
     */
    public static void twoTasksInOneZone(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent) {
        setUp(testbed, "observed-case-2", Duration.ofMinutes(1), minimumHealthyPercent, maximumPercent);
    }

    /**
     * Case 3: every task on one us-east-1c instance, so us-east-1a=0, us-east-1b=0, us-east-1c=3
     * once the us-east-1a and us-east-1b instances join at 1 minute.
     */
    public static void allTasksOnOneInstance(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent) {
        setUp(testbed, "observed-case-3", Duration.ofMinutes(1), minimumHealthyPercent, maximumPercent);
    }

    private static void setUp(EmulatorTestbed testbed, String scenario, Duration elapsed, int minimumHealthyPercent,
            int maximumPercent) {
        ServiceUpdate update = new ServiceUpdate(null, false, null, null, minimumHealthyPercent, maximumPercent);
        try {
            TimelinePlayer.setUpScenario(testbed.emulator(), scenario, update).playUntil(testbed.emulator(), elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
