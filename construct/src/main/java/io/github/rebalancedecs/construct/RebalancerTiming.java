package io.github.rebalancedecs.construct;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.services.events.Schedule;

/**
 * The alarm periods and the asynchronous event age that follow from the rebalancer's schedule and
 * the function's timeout.
 *
 * <p>The function writes its measurements when an invocation ends, after every operation it
 * stepped has finished or paused (RebalancerHandler in the runtime). An invocation that steps an
 * operation may therefore publish up to one function timeout after it started, and the scheduled
 * invocations that arrive meanwhile are throttled, because the reserved concurrency is 1. The next
 * invocation starts at most one schedule interval after the long one ends. So two measurements
 * of a healthy rebalancer are at most one interval plus one timeout apart: with a 1-minute rate
 * and a 4-minute timeout, 5 minutes, of which up to 5 alarm periods of 1 minute are empty.
 *
 * <p>CloudWatch limits an alarm to 1 day of data (period times evaluation periods) when its period
 * is below 1 hour, and to 7 days otherwise (the Period parameter of PutMetricAlarm). Lambda's
 * maximum event age ranges from 1 minute to 6 hours (EventInvokeConfig in aws-cdk-lib), and Lambda
 * retries a throttled event at intervals that grow from 1 second to 5 minutes ("How Lambda handles
 * errors and retries with asynchronous invocation", AWS Lambda Developer Guide). Every alarm window
 * here stays within those limits for any rate up to 1 day, and so does the event age.
 */
final class RebalancerTiming {

    /** The heartbeat alarm fires after this many scheduled runs without a measurement, beyond the timeout. */
    static final int HEARTBEAT_RATE_PERIODS = 3;

    /** The errors alarm fires after this many failed runs within its window. */
    static final int ERRORS_FAILED_RUNS = 2;

    /** The alarm period for a cron schedule, whose interval the construct does not compute. */
    private static final long CRON_ALARM_PERIOD_MINUTES = 60;
    private static final long CRON_HEARTBEAT_PERIOD_MINUTES = 24 * 60;

    /**
     * The maximum rate interval and skew period, which the construct uses as alarm periods.
     * NOTE: the PutMetricAlarm reference states only the limits on period times evaluation periods.
     * A maximum of 1 day for the period itself is this construct's assumption.
     */
    static final long MAX_RATE_INTERVAL_MINUTES = 24 * 60;

    private static final long ONE_HOUR_MINUTES = 60;
    private static final long ONE_DAY_MINUTES = 24 * 60;

    /** The minimum that Lambda accepts for the maximum event age. */
    private static final long MIN_EVENT_AGE_MINUTES = 1;

    /** Lambda's maximum wait between two attempts of a throttled asynchronous event. */
    private static final long MAX_THROTTLE_RETRY_INTERVAL_MINUTES = 5;

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final long alarmPeriodMinutes;
    private final int errorsEvaluationPeriods;
    private final long heartbeatPeriodMinutes;
    private final int heartbeatPeriods;
    private final long skewPeriodMinutes;
    private final int skewPeriods;
    private final long maxEventAgeMinutes;

    private RebalancerTiming(Schedule schedule, Duration alarmSkewDuration, long timeoutMinutes) {
        Long interval = rateIntervalMinutes(schedule);
        if (interval != null && interval > MAX_RATE_INTERVAL_MINUTES) {
            throw new IllegalArgumentException("rebalancerSchedule must run at least once a day, because a CloudWatch "
                    + "alarm period is at most 1 day, got " + schedule.getExpressionString() + ".");
        }

        // Errors and rollbacks: one period per scheduled run. The errors alarm counts 2 failed
        // runs within the longest gap between two runs, 1 + ceil(timeout / interval) periods, so
        // that two runs that each end at the timeout still fall within one window.
        this.alarmPeriodMinutes = interval != null ? interval : CRON_ALARM_PERIOD_MINUTES;
        this.errorsEvaluationPeriods =
                (int) Math.max(ERRORS_FAILED_RUNS, 1 + ceilDiv(timeoutMinutes, alarmPeriodMinutes));

        // Heartbeat: the longest healthy gap leaves up to 1 + ceil(timeout / interval) periods
        // without a measurement (see the class comment). A window of 3 scheduled runs beyond the
        // timeout keeps 2 periods to spare for the delays of EventBridge and CloudWatch Logs, so an
        // invocation that steps an operation until its timeout does not set the alarm off.
        this.heartbeatPeriodMinutes = interval != null ? interval : CRON_HEARTBEAT_PERIOD_MINUTES;
        this.heartbeatPeriods = interval != null
                ? HEARTBEAT_RATE_PERIODS + (int) ceilDiv(timeoutMinutes, interval) : 1;

        // Skew: a period of one interval plus one timeout contains at least one measurement of a
        // healthy rebalancer, so that no period is missing while operations run. With a period of
        // one interval, a skew alarm that ignores missing data would keep its state through them.
        this.skewPeriodMinutes = interval != null
                ? Math.min(interval + timeoutMinutes, MAX_RATE_INTERVAL_MINUTES) : CRON_ALARM_PERIOD_MINUTES;
        this.skewPeriods = skewPeriods(alarmSkewDuration, skewPeriodMinutes,
                describeSkewPeriod(interval, skewPeriodMinutes, timeoutMinutes));

        // A throttled event needs at most one timeout plus one retry interval to reach an attempt
        // after a run that blocks it. Within one schedule interval the next scheduled run comes
        // anyway, so with a short rate the events that wait longer are dropped instead of piling up.
        long outlastRun = timeoutMinutes + MAX_THROTTLE_RETRY_INTERVAL_MINUTES;
        this.maxEventAgeMinutes = Math.max(MIN_EVENT_AGE_MINUTES,
                interval != null ? Math.min(interval, outlastRun) : outlastRun);
    }

    /**
     * Computes the timing for a schedule.
     *
     * @param alarmSkewDuration the {@code alarmSkewDuration} prop, or {@code null} for the default
     * @throws IllegalArgumentException naming the prop, the rule and the value
     */
    static RebalancerTiming of(Schedule schedule, Duration alarmSkewDuration, long timeoutMinutes) {
        return new RebalancerTiming(schedule, alarmSkewDuration, timeoutMinutes);
    }

    /** Returns the interval of a {@code rate(...)} schedule in minutes, or {@code null} for a cron schedule. */
    static Long rateIntervalMinutes(Schedule schedule) {
        Matcher rate = RATE.matcher(schedule.getExpressionString());
        if (!rate.matches()) {
            return null;
        }
        long amount = Long.parseLong(rate.group(1));
        return switch (rate.group(2)) {
            case "minute", "minutes" -> amount;
            case "hour", "hours" -> amount * ONE_HOUR_MINUTES;
            default -> amount * ONE_DAY_MINUTES;
        };
    }

    private static int skewPeriods(Duration skewDuration, long periodMinutes, String periodDescription) {
        if (skewDuration == null) {
            // The default spans at least one period, also for a schedule longer than the default.
            long defaultMinutes = RebalancerSettings.DEFAULT_ALARM_SKEW_DURATION.toMinutes().longValue();
            return (int) Math.max(1, ceilDiv(defaultMinutes, periodMinutes));
        }
        if (skewDuration.isUnresolved()) {
            throw new IllegalArgumentException("alarmSkewDuration must be known at synth time, because it sets the "
                    + "skew alarm's number of evaluation periods, got a token. Set a fixed Duration.");
        }

        double seconds = skewDuration.toSeconds(TimeConversionOptions.builder().integral(false).build()).doubleValue();
        if (seconds % 60 != 0 || seconds < periodMinutes * 60 || seconds > ONE_DAY_MINUTES * 60) {
            throw new IllegalArgumentException("alarmSkewDuration must be whole minutes from one skew alarm period ("
                    + periodDescription + ") to 1 day, got " + skewDuration.toHumanString() + ".");
        }

        // Rounded up to whole periods, 1 day may exceed what CloudWatch evaluates for a period under
        // 1 hour. For longer periods it allows 7 days, which 1 day plus one period never reaches.
        long minutes = (long) seconds / 60;
        int periods = (int) ceilDiv(minutes, periodMinutes);
        if (periodMinutes < ONE_HOUR_MINUTES && periods * periodMinutes > ONE_DAY_MINUTES) {
            throw new IllegalArgumentException("alarmSkewDuration must fit whole skew alarm periods ("
                    + periodDescription + ") into 1 day, the most that CloudWatch evaluates for a period under 1 "
                    + "hour, got " + skewDuration.toHumanString() + ", which takes " + periods + " periods or "
                    + periods * periodMinutes + " minutes. Set it to at most "
                    + (ONE_DAY_MINUTES / periodMinutes) * periodMinutes + " minutes.");
        }
        return periods;
    }

    private static String describeSkewPeriod(Long interval, long periodMinutes, long timeoutMinutes) {
        if (interval == null) {
            return "1 hour for a cron schedule";
        }
        return minutesText(periodMinutes) + ": the schedule's " + minutesText(interval) + " plus the function's timeout of "
                + minutesText(timeoutMinutes);
    }

    /** Formats a number of minutes for messages: {@code 1 minute}, {@code 5 minutes}. */
    static String minutesText(long minutes) {
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    /** Returns the period of the errors and rollbacks alarms: one scheduled run, or 1 hour for a cron schedule. */
    Duration alarmPeriod() {
        return Duration.minutes(alarmPeriodMinutes);
    }

    /** Returns the number of alarm periods in which the errors alarm counts failed runs. */
    int errorsEvaluationPeriods() {
        return errorsEvaluationPeriods;
    }

    /** Returns the period of the heartbeat alarm: one scheduled run, or 1 day for a cron schedule. */
    Duration heartbeatPeriod() {
        return Duration.minutes(heartbeatPeriodMinutes);
    }

    /** Returns the number of heartbeat periods without a measurement after which the heartbeat alarm fires. */
    int heartbeatPeriods() {
        return heartbeatPeriods;
    }

    /** Returns the period of the skew alarm: one scheduled run plus the function's timeout, or 1 hour for cron. */
    Duration skewPeriod() {
        return Duration.minutes(skewPeriodMinutes);
    }

    /** Returns the number of skew periods that {@code alarmSkewDuration} spans. */
    int skewPeriods() {
        return skewPeriods;
    }

    /** Returns how long Lambda keeps an invocation that waits for the function before it drops it. */
    Duration maxEventAge() {
        return Duration.minutes(maxEventAgeMinutes);
    }
}
