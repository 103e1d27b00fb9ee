package io.github.rebalancedecs.emulator.cli;

import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.ScenarioLoader;
import io.github.rebalancedecs.emulator.scenario.TimelinePlayer;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: starts the emulator on 127.0.0.1 with a scenario's starting state and replays its
 * timeline, so an operator can inspect the cluster with the AWS CLI while it changes:
 * {@code aws ecs list-tasks --cluster prod --endpoint-url http://127.0.0.1:PORT}.
 *
 * <p>The virtual clock starts at the current wall-clock time, truncated to whole seconds, so that
 * a client which computes times from its own clock agrees with the emulator. The rebalanced-ecs
 * CLI, for example, records the expiry of the scale-in protection it sets and later recognises
 * its own protection by that expiry. {@code simulate} keeps the scenario's fixed start instead,
 * so that its output is the same on every run.
 *
 * <p>With {@code --speed N} the virtual clock runs N times faster than the wall clock, so it
 * stays on the wall-clock time only with {@code --speed 1}. With {@code --speed 0} it moves only
 * through {@code POST /emulator/clock/advance}. That request plays the timeline tick by tick at
 * any speed, so each event due within the jump applies at its own time and the scheduler reacts
 * to it before the next one. For example, one 11-minute jump on observed-case-1 shows the skew
 * that the instance stop at 2 minutes leaves before the instance registration at 10 minutes.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Starts the ECS emulator on 127.0.0.1 with a scenario's starting state and replays its timeline "
                + "until interrupted.")
public final class ServeCommand implements Callable<Integer> {

    private static final long CHECK_INTERVAL_MILLIS = 100;

    private final Clock wallClock;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "FILE|NAME",
            description = "A scenario file in YAML or JSON, or the name of a shipped scenario.")
    private String scenario;

    @Option(names = "--rebalancer", paramLabel = "native|none", defaultValue = "native",
            description = "Whether ECS native AZ rebalancing is ENABLED on the services. Default: ${DEFAULT-VALUE}.")
    private String rebalancer;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The TCP port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "60",
            description = "Virtual seconds per wall-clock second; 1 keeps the virtual clock on the wall-clock time, "
                    + "as the rebalanced-ecs CLI needs, and 0 moves it only through the control endpoint. "
                    + "Default: ${DEFAULT-VALUE}.")
    private double speed;

    /** Creates the command with the system clock as the wall clock. */
    public ServeCommand() {
        this(Clock.systemUTC());
    }

    /** Creates the command with the given wall clock, which sets the virtual clock's start; for tests. */
    ServeCommand(Clock wallClock) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        RebalancerMode mode;
        Scenario loaded;
        try {
            mode = RebalancerMode.parse(rebalancer);
            if (mode == RebalancerMode.FALLBACK) {
                throw new IllegalArgumentException("serve runs no fallback rebalancer; use --rebalancer native or none, "
                        + "or simulate from the rebalanced-ecs CLI");
            }
            if (speed < 0) {
                throw new IllegalArgumentException("--speed must be 0 or more, got " + speed);
            }
            loaded = ScenarioLoader.load(scenario);
        } catch (IOException e) {
            err.println("Failed to read scenario " + scenario + ": " + e.getMessage());
            return SimulateCommand.EXIT_INVALID_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return SimulateCommand.EXIT_INVALID_INPUT;
        }

        EmulatorSettings settings = loaded.settings()
                .withStartTime(wallClock.instant().truncatedTo(ChronoUnit.SECONDS))
                .withPort(port);
        ScheduledExecutorService clockDriver = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ecs-emulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        Thread shutdownHook = new Thread(stopRequested::countDown, "ecs-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try (EcsEmulator emulator = EcsEmulator.start(settings)) {
            TimelinePlayer player = new TimelinePlayer(loaded);
            player.setUp(emulator, mode == RebalancerMode.NATIVE);
            emulator.setClockAdvancer(duration -> emulator.controlPlane().execute(() -> {
                // Under the lock, as in driveClock, so that the clock driver cannot apply events in between.
                playTimeline(emulator, player, loaded, player.elapsed(emulator).plus(duration), out, err);
                return null;
            }));
            printBanner(out, loaded, emulator);

            long startNanos = System.nanoTime();
            clockDriver.scheduleWithFixedDelay(() -> driveClock(emulator, player, loaded, startNanos, out, err),
                    0, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            started.countDown();
            stopRequested.await();
        } finally {
            clockDriver.shutdownNow();
            removeShutdownHook(shutdownHook);
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /** Waits until the emulator serves requests; for tests. */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops serving, as an interrupt from the terminal does. */
    void requestStop() {
        stopRequested.countDown();
    }

    /**
     * Advances the virtual clock to the time that {@code --speed} sets and applies the timeline
     * events due on the way. It runs under the control plane's lock, so that a clock advance
     * through the control endpoint cannot move the clock past the target between the check and
     * the replay.
     */
    private void driveClock(EcsEmulator emulator, TimelinePlayer player, Scenario scenario, long startNanos,
            PrintWriter out, PrintWriter err) {
        emulator.controlPlane().execute(() -> {
            Duration target = player.elapsed(emulator);
            if (speed > 0) {
                Duration wallTarget = Duration.ofNanos((long) ((System.nanoTime() - startNanos) * speed));
                target = wallTarget.compareTo(target) > 0 ? wallTarget : target;
            }
            playTimeline(emulator, player, scenario, target, out, err);
            return null;
        });
    }

    /**
     * Plays the timeline until {@code target} after the set-up, printing each event as it is
     * applied. A failing event is reported and the play goes on to {@code target}: otherwise an
     * exception would end the scheduled checks for good, or stop a clock advance halfway. The
     * failed event counts as applied, so each retry gets past one failure and it is reported once.
     * More failures than the timeline has events cannot come from events, so the play stops
     * there rather than retry the same failure forever, and the next check or advance tries again.
     */
    private static void playTimeline(EcsEmulator emulator, TimelinePlayer player, Scenario scenario,
            Duration target, PrintWriter out, PrintWriter err) {
        for (int failures = 0; failures <= scenario.timeline().size(); failures++) {
            try {
                player.playUntil(emulator, target, (elapsed, event) -> printEvent(out, elapsed, event));
                return;
            } catch (RuntimeException e) {
                err.println("Failed to apply a timeline event, the timeline goes on: " + e);
                err.flush();
            }
        }
    }

    private static void printEvent(PrintWriter out, Duration elapsed, String event) {
        long seconds = elapsed.getSeconds();
        out.printf("+%02d:%02d:%02d %s%n", seconds / 3600, seconds / 60 % 60, seconds % 60, event);
        out.flush();
    }

    private void printBanner(PrintWriter out, Scenario loaded, EcsEmulator emulator) {
        String endpoint = emulator.endpoint().toString();
        out.println("ECS emulator serving scenario " + loaded.name() + " on " + endpoint + " (Region "
                + emulator.region() + ", virtual clock from " + emulator.now() + " at x" + speed + ").");
        out.println("Try:  aws ecs list-tasks --cluster " + loaded.clusterName() + " --endpoint-url " + endpoint
                + " --region " + emulator.region());
        out.println("Clock: curl -X POST " + endpoint + "/emulator/clock/advance -d '{\"seconds\": 600}'");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down because of the interrupt, so the hook has run.
        }
    }
}
