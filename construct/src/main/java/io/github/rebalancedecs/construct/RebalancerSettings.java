package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidation.format;
import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidation.isConcrete;

import io.github.rebalancedecs.runtime.config.ConfigurationException;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
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
 */
final class RebalancerSettings {

    static final int DEFAULT_MAX_SKEW = 1;
    static final int DEFAULT_MAX_SURGE = 2;
    static final int DEFAULT_MAX_MOVES_PER_RUN = 5;
    static final int MAX_SETTING = 1000;
    static final Duration DEFAULT_SCHEDULE_RATE = Duration.minutes(5);
    static final Duration DEFAULT_ALARM_SKEW_DURATION = Duration.minutes(45);
    static final RetentionDays DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;

    /** The metric namespace, set explicitly so that the construct's metrics name it too. */
    static final String METRICS_NAMESPACE = RebalancerConfig.DEFAULT_METRICS_NAMESPACE;

    /** The alarm period for a cron schedule, whose interval the construct does not compute. */
    private static final Duration CRON_ALARM_PERIOD = Duration.hours(1);
    private static final Duration CRON_HEARTBEAT_PERIOD = Duration.days(1);
    /** CloudWatch evaluates at most one day of data for alarm periods below one hour. */
    private static final Duration MAX_ALARM_SKEW_DURATION = Duration.days(1);
    private static final Duration MAX_RATE_INTERVAL = Duration.days(1);
    /** The heartbeat alarm fires after this many scheduled runs without a measurement. */
    static final int HEARTBEAT_RATE_PERIODS = 3;
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final RebalancerStrategy strategy;
    private final Number maxSkew;
    private final Number maxSurge;
    private final Number maxMovesPerRun;
    private final Schedule schedule;
    private final RebalancerMaintenanceWindow maintenanceWindow;
    private final boolean dryRun;
    private final RetentionDays logRetention;
    private final Duration alarmPeriod;
    private final Duration heartbeatPeriod;
    private final int skewAlarmPeriods;

    private RebalancerSettings(RebalancedEc2ServiceProps props, RebalancingMode mode, Number maxHealthyPercent) {
        this.strategy = props.getRebalancerStrategy() != null ? props.getRebalancerStrategy()
                : isConcrete(maxHealthyPercent) && maxHealthyPercent.doubleValue() <= 100
                        ? RebalancerStrategy.REPLACE : RebalancerStrategy.SURGE;
        this.maxSkew = withDefault(props.getRebalancerMaxSkew(), DEFAULT_MAX_SKEW);
        this.maxSurge = withDefault(props.getRebalancerMaxSurge(), DEFAULT_MAX_SURGE);
        this.maxMovesPerRun = withDefault(props.getRebalancerMaxMovesPerRun(), DEFAULT_MAX_MOVES_PER_RUN);
        this.schedule = props.getRebalancerSchedule() != null
                ? props.getRebalancerSchedule() : Schedule.rate(DEFAULT_SCHEDULE_RATE);
        this.maintenanceWindow = props.getRebalancerMaintenanceWindow();
        // MONITOR only measures, whatever rebalancerDryRun is set to (validate checks the prop).
        this.dryRun = mode == RebalancingMode.MONITOR || Boolean.TRUE.equals(props.getRebalancerDryRun());
        this.logRetention = props.getRebalancerLogRetention() != null
                ? props.getRebalancerLogRetention() : DEFAULT_LOG_RETENTION;

        Duration rateInterval = rateInterval(schedule);
        if (rateInterval != null && rateInterval.toSeconds().doubleValue() > MAX_RATE_INTERVAL.toSeconds().doubleValue()) {
            throw new IllegalArgumentException("rebalancerSchedule must run at least once a day, because a CloudWatch "
                    + "alarm period is at most 1 day, got " + schedule.getExpressionString() + ".");
        }
        this.alarmPeriod = rateInterval != null ? rateInterval : CRON_ALARM_PERIOD;
        this.heartbeatPeriod = rateInterval != null ? rateInterval : CRON_HEARTBEAT_PERIOD;
        Duration skewDuration = props.getAlarmSkewDuration() != null
                ? props.getAlarmSkewDuration() : DEFAULT_ALARM_SKEW_DURATION;
        this.skewAlarmPeriods = skewAlarmPeriods(skewDuration, alarmPeriod);
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
        environment.put(RebalancerConfig.MAX_MOVES_PER_RUN, text(maxMovesPerRun));
        environment.put(RebalancerConfig.MAX_SURGE, text(maxSurge));
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
     * values match only the same token.
     */
    List<String> differencesFrom(RebalancerSettings shared) {
        Map<String, String[]> pairs = new LinkedHashMap<>();
        pairs.put("rebalancerStrategy", new String[] {strategy.name(), shared.strategy.name()});
        pairs.put("rebalancerMaxSkew", new String[] {text(maxSkew), text(shared.maxSkew)});
        pairs.put("rebalancerMaxMovesPerRun", new String[] {text(maxMovesPerRun), text(shared.maxMovesPerRun)});
        pairs.put("rebalancerMaxSurge", new String[] {text(maxSurge), text(shared.maxSurge)});
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

    /** Returns the period of the skew, error and rollback alarms: one scheduled run. */
    Duration alarmPeriod() {
        return alarmPeriod;
    }

    /** Returns the period of the heartbeat alarm. */
    Duration heartbeatPeriod() {
        return heartbeatPeriod;
    }

    /**
     * Returns the number of heartbeat periods without a measurement after which the heartbeat
     * alarm fires: 3 scheduled runs, or 1 day for a cron schedule.
     */
    int heartbeatPeriods() {
        return heartbeatPeriod == CRON_HEARTBEAT_PERIOD ? 1 : HEARTBEAT_RATE_PERIODS;
    }

    /** Returns the number of alarm periods that {@code alarmSkewDuration} spans. */
    int skewAlarmPeriods() {
        return skewAlarmPeriods;
    }

    /** Returns the interval of a {@code rate(...)} schedule, or {@code null} for a cron schedule. */
    static Duration rateInterval(Schedule schedule) {
        Matcher rate = RATE.matcher(schedule.getExpressionString());
        if (!rate.matches()) {
            return null;
        }
        int amount = Integer.parseInt(rate.group(1));
        return switch (rate.group(2)) {
            case "minute", "minutes" -> Duration.minutes(amount);
            case "hour", "hours" -> Duration.hours(amount);
            default -> Duration.days(amount);
        };
    }

    private static int skewAlarmPeriods(Duration skewDuration, Duration period) {
        double seconds = skewDuration.toSeconds().doubleValue();
        double periodSeconds = period.toSeconds().doubleValue();
        if (seconds % 60 != 0 || seconds < periodSeconds
                || seconds > MAX_ALARM_SKEW_DURATION.toSeconds().doubleValue()) {
            throw new IllegalArgumentException("alarmSkewDuration must be whole minutes from one alarm period ("
                    + period.toHumanString() + ", the rebalancer's schedule) to 1 day, got "
                    + skewDuration.toHumanString() + ".");
        }
        return (int) Math.ceil(seconds / periodSeconds);
    }

    private static void requireSetting(String prop, Number value) {
        if (isConcrete(value) && (value.doubleValue() < 1 || value.doubleValue() > MAX_SETTING
                || value.doubleValue() != Math.rint(value.doubleValue()))) {
            throw new IllegalArgumentException(prop + " must be a whole number from 1 to " + MAX_SETTING + ", got "
                    + format(value) + ".");
        }
    }

    private static Number withDefault(Number value, int fallback) {
        return value == null ? Integer.valueOf(fallback) : value;
    }

    private static String text(Number value) {
        return Token.isUnresolved(value) ? Token.asString(value) : format(value);
    }
}
