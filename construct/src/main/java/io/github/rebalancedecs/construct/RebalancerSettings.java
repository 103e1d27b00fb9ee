package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidation.format;
import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidation.isConcrete;

import io.github.rebalancedecs.runtime.config.ConfigurationException;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The fallback rebalancer's settings with their defaults applied and checked, and the
 * environment variables that carry them to the function.
 *
 * <p>The ranges are the ones that {@link RebalancerConfig#fromEnvironment} enforces when the
 * function starts. {@link #validateEnvironment} runs that same method on the synthesized
 * variables, so a change in the runtime's rules fails synthesis instead of the deployed function.
 *
 * <p>The caps on moves and extra tasks and the cooldown have no value here when their prop is
 * unset: the construct then sets no variable, and the runtime applies its own default
 * ({@link RebalancePolicy#DEFAULTS}).
 */
final class RebalancerSettings {

    static final int DEFAULT_MAX_SKEW = 1;
    static final int MAX_SETTING = 1000;
    /** The shortest rate that EventBridge schedules. */
    static final Duration DEFAULT_SCHEDULE_RATE = Duration.minutes(1);
    static final Duration DEFAULT_ALARM_SKEW_DURATION = Duration.minutes(45);
    static final RetentionDays DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;

    /** The cooldown that the runtime applies when {@value RebalancerConfig#COOLDOWN_MINUTES} is unset. */
    static final long RUNTIME_DEFAULT_COOLDOWN_MINUTES = RebalancePolicy.DEFAULTS.cooldown().toMinutes();
    /** The maximum cooldown that {@link RebalancerConfig#fromEnvironment} accepts: 7 days. */
    static final int MAX_COOLDOWN_MINUTES = 10080;

    /** The metric namespace, set explicitly so that the construct's metrics name it too. */
    static final String METRICS_NAMESPACE = RebalancerConfig.DEFAULT_METRICS_NAMESPACE;

    private final RebalancerStrategy strategy;
    private final Number maxSkew;
    /** The explicit cap on extra tasks, or {@code null} for the runtime's default of no cap of its own. */
    private final Number maxSurge;
    /** The explicit cap on moves per operation, or {@code null} for the runtime's default of no cap of its own. */
    private final Number maxMovesPerRun;
    /** The explicit cooldown in whole minutes, possibly a token, or {@code null} for the runtime's default. */
    private final Number cooldownMinutes;
    private final Schedule schedule;
    private final RebalancerMaintenanceWindow maintenanceWindow;
    private final boolean dryRun;
    private final RetentionDays logRetention;
    private final RebalancerTiming timing;

    private RebalancerSettings(RebalancedEc2ServiceProps props, RebalancingMode mode, Number maxHealthyPercent) {
        this.strategy = props.getRebalancerStrategy() != null ? props.getRebalancerStrategy()
                : isConcrete(maxHealthyPercent) && maxHealthyPercent.doubleValue() <= 100
                        ? RebalancerStrategy.REPLACE : RebalancerStrategy.SURGE;
        this.maxSkew = props.getRebalancerMaxSkew() == null
                ? Integer.valueOf(DEFAULT_MAX_SKEW) : props.getRebalancerMaxSkew();
        this.maxSurge = props.getRebalancerMaxSurge();
        this.maxMovesPerRun = props.getRebalancerMaxMovesPerRun();
        this.cooldownMinutes = cooldownMinutes(props.getRebalancerCooldown());
        this.schedule = props.getRebalancerSchedule() != null
                ? props.getRebalancerSchedule() : Schedule.rate(DEFAULT_SCHEDULE_RATE);
        this.maintenanceWindow = props.getRebalancerMaintenanceWindow();
        // MONITOR only measures, whatever rebalancerDryRun is set to (validate checks the prop).
        this.dryRun = mode == RebalancingMode.MONITOR || Boolean.TRUE.equals(props.getRebalancerDryRun());
        this.logRetention = props.getRebalancerLogRetention() != null
                ? props.getRebalancerLogRetention() : DEFAULT_LOG_RETENTION;

        this.timing = RebalancerTiming.of(schedule, props.getAlarmSkewDuration(), FallbackRebalancer.TIMEOUT_MINUTES);
    }

    /**
     * Applies the defaults and checks the rebalancer props.
     *
     * @throws IllegalArgumentException naming the prop, the rule and the value
     */
    static RebalancerSettings of(RebalancedEc2ServiceProps props, RebalancingMode mode, Number maxHealthyPercent) {
        requireSetting("rebalancerMaxSkew", props.getRebalancerMaxSkew());
        requireSetting("rebalancerMaxSurge", props.getRebalancerMaxSurge());
        requireSetting("rebalancerMaxMovesPerRun", props.getRebalancerMaxMovesPerRun());
        if (mode == RebalancingMode.MONITOR && Boolean.FALSE.equals(props.getRebalancerDryRun())) {
            throw new IllegalArgumentException("rebalancerDryRun must not be false with rebalancingMode MONITOR, in "
                    + "which the function only measures, got false. Remove rebalancerDryRun, or set "
                    + "rebalancingMode to FALLBACK to let the function move tasks.");
        }
        return new RebalancerSettings(props, mode, maxHealthyPercent);
    }

    /**
     * Returns the function's environment variables.
     *
     * @param subnetAvailabilityZones {@code subnet=zone} pairs separated by commas for a service in
     *                                the {@code awsvpc} network mode, or {@code null}
     */
    Map<String, String> environment(String clusterName, String serviceName, String subnetAvailabilityZones) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(RebalancerConfig.CLUSTER_NAME, clusterName);
        environment.put(RebalancerConfig.SERVICE_NAMES, serviceName);
        environment.put(RebalancerConfig.STRATEGY, strategy.name());
        environment.put(RebalancerConfig.MAX_SKEW, text(maxSkew));
        // Unset, these leave the runtime's defaults in force (RebalancePolicy.DEFAULTS).
        putIfSet(environment, RebalancerConfig.MAX_MOVES_PER_RUN, maxMovesPerRun);
        putIfSet(environment, RebalancerConfig.MAX_SURGE, maxSurge);
        putIfSet(environment, RebalancerConfig.COOLDOWN_MINUTES, cooldownMinutes);
        environment.put(RebalancerConfig.DRY_RUN, String.valueOf(dryRun));
        if (maintenanceWindow != null) {
            environment.put(RebalancerConfig.MAINTENANCE_WINDOW, maintenanceWindow.getExpression());
            environment.put(RebalancerConfig.MAINTENANCE_WINDOW_TIME_ZONE, maintenanceWindow.getTimeZone());
        }
        if (subnetAvailabilityZones != null) {
            environment.put(RebalancerConfig.SUBNET_AVAILABILITY_ZONES, subnetAvailabilityZones);
        }
        environment.put(RebalancerConfig.METRICS_NAMESPACE, METRICS_NAMESPACE);
        return environment;
    }

    /**
     * Checks the environment with the runtime's own start-up validation. Values that are tokens
     * are replaced by valid examples, because their values exist only at deploy time.
     *
     * @throws IllegalArgumentException with every problem that the function would report at start-up
     */
    static void validateEnvironment(Map<String, String> environment) {
        Map<String, String> concrete = new LinkedHashMap<>();
        // Lambda sets AWS_REGION itself.
        concrete.put(RebalancerConfig.REGION, "us-east-1");
        environment.forEach((name, value) -> concrete.put(name, Token.isUnresolved(value) ? example(name) : value));
        try {
            RebalancerConfig.fromEnvironment(concrete);
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("The fallback rebalancer would reject its configuration at start-up: "
                    + String.join("; ", e.problems()) + ". This is a bug in RebalancedEc2Service.", e);
        }
    }

    private static String example(String name) {
        return switch (name) {
            case RebalancerConfig.CLUSTER_NAME -> "cluster";
            case RebalancerConfig.SERVICE_NAMES -> "service";
            case RebalancerConfig.SUBNET_AVAILABILITY_ZONES -> "subnet-0a1=us-east-1a";
            // Numbers given as tokens are the user's to keep in range.
            default -> "1";
        };
    }

    /**
     * Returns the rebalancing policy settings in which this service differs from the service whose
     * function it shares, as {@code prop here vs there}, or an empty list when they match. Token
     * values match only the same token. An unset cap or cooldown matches only an unset one, because
     * the shared function has one environment: an explicit value on one side would apply to both.
     */
    List<String> differencesFrom(RebalancerSettings shared) {
        Map<String, String[]> pairs = new LinkedHashMap<>();
        pairs.put("rebalancerStrategy", new String[] {strategy.name(), shared.strategy.name()});
        pairs.put("rebalancerMaxSkew", new String[] {text(maxSkew), text(shared.maxSkew)});
        pairs.put("rebalancerMaxMovesPerRun", new String[] {capText(maxMovesPerRun), capText(shared.maxMovesPerRun)});
        pairs.put("rebalancerMaxSurge", new String[] {capText(maxSurge), capText(shared.maxSurge)});
        pairs.put("rebalancerCooldown", new String[] {cooldownText(cooldownMinutes),
                cooldownText(shared.cooldownMinutes)});
        pairs.put("rebalancerMaintenanceWindow",
                new String[] {describe(maintenanceWindow), describe(shared.maintenanceWindow)});
        pairs.put("rebalancerDryRun", new String[] {String.valueOf(dryRun), String.valueOf(shared.dryRun)});
        pairs.put("rebalancerSchedule",
                new String[] {schedule.getExpressionString(), shared.schedule.getExpressionString()});

        List<String> differences = new ArrayList<>();
        pairs.forEach((prop, values) -> {
            if (!Objects.equals(values[0], values[1])) {
                differences.add(prop + " " + values[0] + " vs " + values[1]);
            }
        });
        return List.copyOf(differences);
    }

    private static String describe(RebalancerMaintenanceWindow window) {
        return window == null ? "none" : "'" + window.getExpression() + " " + window.getTimeZone() + "'";
    }

    RebalancerStrategy strategy() {
        return strategy;
    }

    Number maxSkew() {
        return maxSkew;
    }

    Schedule schedule() {
        return schedule;
    }

    boolean dryRun() {
        return dryRun;
    }

    RetentionDays logRetention() {
        return logRetention;
    }

    /** Returns the alarm periods and the event age that follow from the schedule. */
    RebalancerTiming timing() {
        return timing;
    }

    /**
     * Returns the cooldown in whole minutes, the token of a {@code Duration.minutes(token)}, or
     * {@code null} when the prop is unset.
     *
     * @throws IllegalArgumentException for a value that the runtime would reject, or a token in
     *                                  another unit, which the construct cannot convert to minutes
     */
    private static Number cooldownMinutes(Duration cooldown) {
        if (cooldown == null) {
            return null;
        }
        if (cooldown.isUnresolved()) {
            if (!"minutes".equals(cooldown.unitLabel())) {
                throw new IllegalArgumentException("rebalancerCooldown must be given with Duration.minutes when its "
                        + "value is a token, because the function reads whole minutes, got a token in "
                        + cooldown.unitLabel() + ". Use Duration.minutes(token).");
            }
            return cooldown.toMinutes();
        }

        double seconds = cooldown.toSeconds(TimeConversionOptions.builder().integral(false).build()).doubleValue();
        if (seconds % 60 != 0 || seconds > MAX_COOLDOWN_MINUTES * 60.0) {
            throw new IllegalArgumentException("rebalancerCooldown must be whole minutes from 0 to "
                    + MAX_COOLDOWN_MINUTES + " (7 days), got " + cooldown.toHumanString() + ". Set it to "
                    + "Duration.minutes(n) within that range, or remove it to use the runtime's default of "
                    + RebalancerTiming.minutesText(RUNTIME_DEFAULT_COOLDOWN_MINUTES) + ".");
        }
        return Long.valueOf((long) seconds / 60);
    }

    private static void requireSetting(String prop, Number value) {
        if (isConcrete(value) && (value.doubleValue() < 1 || value.doubleValue() > MAX_SETTING
                || value.doubleValue() != Math.rint(value.doubleValue()))) {
            throw new IllegalArgumentException(prop + " must be a whole number from 1 to " + MAX_SETTING + ", got "
                    + format(value) + ".");
        }
    }

    private static void putIfSet(Map<String, String> environment, String name, Number value) {
        if (value != null) {
            environment.put(name, text(value));
        }
    }

    private static String text(Number value) {
        return Token.isUnresolved(value) ? Token.asString(value) : format(value);
    }

    private static String capText(Number cap) {
        return cap == null ? "unset (no cap of its own)" : text(cap);
    }

    private static String cooldownText(Number minutes) {
        if (minutes == null) {
            return "unset (the runtime's default, " + RebalancerTiming.minutesText(RUNTIME_DEFAULT_COOLDOWN_MINUTES)
                    + ")";
        }
        return Token.isUnresolved(minutes) ? Token.asString(minutes) + " minutes"
                : RebalancerTiming.minutesText(minutes.longValue());
    }
}
