package io.github.rebalancedecs.construct;

import io.github.rebalancedecs.runtime.config.MaintenanceWindow;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;

/**
 * When the fallback rebalancer may move tasks: weekly periods in a time zone. Outside the window
 * the rebalancer still observes, reports and publishes metrics, but starts no move.
 *
 * <p>The construct passes the window to the rebalancer as the expression
 * {@code [DAYS ]HH:MM-HH:MM}, several periods separated by {@code ;}. DAYS is a day
 * ({@code Mon}), a range ({@code Mon-Fri}) or a list ({@code Sat,Sun}); without DAYS a period
 * applies every day. A period whose end is before its start runs past midnight, and its DAYS name
 * the day it starts. Every factory checks the window with the rebalancer's own parser, so a window
 * that synthesizes is one that the rebalancer accepts at start-up.
 *
 * <pre>{@code
 * RebalancerMaintenanceWindow.daily("02:00", Duration.hours(3), "Europe/Paris");
 * RebalancerMaintenanceWindow.weekly("Mon-Fri", "22:00", Duration.hours(4), "America/New_York");
 * RebalancerMaintenanceWindow.fromExpression("Mon-Fri 22:00-02:00; Sat,Sun 00:00-23:59", "UTC");
 * }</pre>
 */
public final class RebalancerMaintenanceWindow {

    private static final String PROP = "rebalancerMaintenanceWindow";
    private static final long MINUTES_PER_DAY = 24 * 60;

    private final String expression;
    private final String timeZone;

    private RebalancerMaintenanceWindow(String expression, String timeZone) {
        this.expression = expression;
        this.timeZone = timeZone;
    }

    /**
     * Returns a window that opens every day at {@code startTime} for {@code duration}.
     *
     * @param startTime the local opening time, {@code HH:MM}
     * @param duration  whole minutes, from 1 minute to less than 24 hours
     * @param timeZone  an IANA time zone ID such as {@code Europe/Paris}, or {@code UTC}
     * @throws IllegalArgumentException naming the invalid part and the expected form
     */
    public static RebalancerMaintenanceWindow daily(String startTime, Duration duration, String timeZone) {
        return fromExpression(period(startTime, duration), timeZone);
    }

    /**
     * Returns a window that opens on the given days at {@code startTime} for {@code duration}.
     *
     * @param days      a day ({@code Sat}), a range ({@code Mon-Fri}) or a list ({@code Sat,Sun})
     * @param startTime the local opening time, {@code HH:MM}
     * @param duration  whole minutes, from 1 minute to less than 24 hours
     * @param timeZone  an IANA time zone ID such as {@code Europe/Paris}, or {@code UTC}
     * @throws IllegalArgumentException naming the invalid part and the expected form
     */
    public static RebalancerMaintenanceWindow weekly(String days, String startTime, Duration duration,
            String timeZone) {
        Objects.requireNonNull(days, "days");
        return fromExpression(days.trim() + " " + period(startTime, duration), timeZone);
    }

    /**
     * Returns a window from the rebalancer's expression, for windows with several periods.
     *
     * @param expression {@code [DAYS ]HH:MM-HH:MM}, several separated by {@code ;}
     * @param timeZone   an IANA time zone ID such as {@code Europe/Paris}, or {@code UTC}
     * @throws IllegalArgumentException naming the invalid part and the expected form
     */
    public static RebalancerMaintenanceWindow fromExpression(String expression, String timeZone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(timeZone, "timeZone");
        if (Token.isUnresolved(expression) || Token.isUnresolved(timeZone)) {
            throw new IllegalArgumentException(PROP + " must be known at synth time, because the construct "
                    + "checks it with the rebalancer's parser, got a token.");
        }

        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(PROP + " time zone must be an IANA time zone ID such as "
                    + "Europe/Paris, or UTC, got '" + timeZone + "'.", e);
        }
        try {
            MaintenanceWindow.parse(expression, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROP + " is an " + e.getMessage() + ".", e);
        }
        return new RebalancerMaintenanceWindow(expression.trim(), zone.getId());
    }

    /** Returns the expression that the rebalancer parses, such as {@code Mon-Fri 02:00-05:00}. */
    public String getExpression() {
        return expression;
    }

    /** Returns the time zone ID of the window. */
    public String getTimeZone() {
        return timeZone;
    }

    @Override
    public String toString() {
        return expression + " " + timeZone;
    }

    /** Turns a start time and a duration into {@code HH:MM-HH:MM}. */
    private static String period(String startTime, Duration duration) {
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(duration, "duration");
        LocalTime start;
        try {
            start = LocalTime.parse(startTime.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(PROP + " start time must be HH:MM, such as 02:00, got '"
                    + startTime + "'.", e);
        }
        if (start.getSecond() != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException(PROP + " start time must be whole minutes (HH:MM), got '"
                    + startTime + "'.");
        }

        double minutes = duration.toSeconds().doubleValue() / 60;
        if (minutes != Math.rint(minutes) || minutes < 1 || minutes >= MINUTES_PER_DAY) {
            throw new IllegalArgumentException(PROP + " duration must be whole minutes from 1 minute to less "
                    + "than 24 hours, got " + duration.toHumanString() + ".");
        }
        LocalTime end = start.plusMinutes((long) minutes);
        return start + "-" + end;
    }
}
