package io.github.rebalancedecs.emulator.cli;

import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.ScenarioLoader;
import io.github.rebalancedecs.emulator.scenario.TimelinePlayer;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
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
 * <p>With {@code --speed N} the virtual clock runs N times faster than the wall clock. With
 * {@code --speed 0} it moves only through {@code POST /emulator/clock/advance}, and a timeline
 * event applies at the first check (every 100 ms) after the clock has passed its time.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Starts the ECS emulator on 127.0.0.1 with a scenario's starting state and replays its timeline "
                + "until interrupted.")
public final class ServeCommand implements Callable<Integer> {

    private static final long CHECK_INTERVAL_MILLIS = 100;

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
            description = "Virtual seconds per wall-clock second; 0 moves the clock only through the control "
                    + "endpoint. Default: ${DEFAULT-VALUE}.")
    private double speed;

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

        EmulatorSettings settings = loaded.settings().withPort(port);
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
            printBanner(out, loaded, emulator);

            long startNanos = System.nanoTime();
            clockDriver.scheduleWithFixedDelay(() -> driveClock(emulator, player, startNanos, out),
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

    private void driveClock(EcsEmulator emulator, TimelinePlayer player, long startNanos, PrintWriter out) {
        Duration tick = emulator.settings().tickInterval();
        if (speed > 0) {
            Duration target = Duration.ofNanos((long) ((System.nanoTime() - startNanos) * speed));
            while (elapsed(emulator).compareTo(target) < 0) {
                printApplied(out, emulator, player.applyDue(emulator, elapsed(emulator)));
                Duration remaining = target.minus(elapsed(emulator));
                emulator.advance(remaining.compareTo(tick) < 0 ? remaining : tick);
            }
        }
        printApplied(out, emulator, player.applyDue(emulator, elapsed(emulator)));
    }

    private static Duration elapsed(EcsEmulator emulator) {
        return Duration.between(emulator.settings().startTime(), emulator.now());
    }

    private static void printApplied(PrintWriter out, EcsEmulator emulator, List<String> applied) {
        for (String event : applied) {
            long seconds = elapsed(emulator).getSeconds();
            out.printf("+%02d:%02d:%02d %s%n", seconds / 3600, seconds / 60 % 60, seconds % 60, event);
        }
        if (!applied.isEmpty()) {
            out.flush();
        }
    }

    private void printBanner(PrintWriter out, Scenario loaded, EcsEmulator emulator) {
        String endpoint = emulator.endpoint().toString();
        out.println("ECS emulator serving scenario " + loaded.name() + " on " + endpoint + " (Region "
                + emulator.region() + ", virtual clock x" + speed + ").");
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
