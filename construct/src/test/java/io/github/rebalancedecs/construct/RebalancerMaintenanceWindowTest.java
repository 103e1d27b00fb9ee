package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidationTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;

/** The maintenance window factories and their checks with the rebalancer's parser. */
class RebalancerMaintenanceWindowTest {

    @Test
    void dailyWindowBecomesPeriodExpression() {
        RebalancerMaintenanceWindow window = RebalancerMaintenanceWindow.daily("02:00", Duration.hours(3), "UTC");

        assertEquals("02:00-05:00", window.getExpression());
        assertEquals("UTC", window.getTimeZone());
    }

    @Test
    void weeklyWindowPastMidnightKeepsStartDay() {
        RebalancerMaintenanceWindow window = RebalancerMaintenanceWindow.weekly(
                "Sat,Sun", "23:30", Duration.minutes(90), "Europe/Paris");

        assertEquals("Sat,Sun 23:30-01:00", window.getExpression());
        assertEquals("Europe/Paris", window.getTimeZone());
    }

    @Test
    void expressionWithSeveralPeriodsIsAccepted() {
        RebalancerMaintenanceWindow window = RebalancerMaintenanceWindow.fromExpression(
                " Mon-Fri 22:00-02:00; Sat,Sun 00:00-23:59 ", "America/New_York");

        assertEquals("Mon-Fri 22:00-02:00; Sat,Sun 00:00-23:59", window.getExpression());
    }

    @Test
    void invalidTimeIsRejectedWithParserMessage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerMaintenanceWindow.fromExpression("Mon 25:00-26:00", "UTC"));

        assertContains(error, "rebalancerMaintenanceWindow is an invalid maintenance window 'Mon 25:00-26:00'",
                "the time '25:00'", "expected [DAYS ]HH:MM-HH:MM");
    }

    @Test
    void unknownDayIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerMaintenanceWindow.weekly("Funday", "02:00", Duration.hours(1), "UTC"));

        assertContains(error, "rebalancerMaintenanceWindow is an invalid maintenance window", "the day 'Funday'");
    }

    @Test
    void unknownTimeZoneIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerMaintenanceWindow.daily("02:00", Duration.hours(1), "Mars/Olympus"));

        assertContains(error, "rebalancerMaintenanceWindow time zone must be an IANA time zone ID",
                "got 'Mars/Olympus'");
    }

    @Test
    void malformedStartTimeIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerMaintenanceWindow.daily("2am", Duration.hours(1), "UTC"));

        assertContains(error, "rebalancerMaintenanceWindow start time must be HH:MM", "got '2am'");
    }

    @Test
    void fullDayDurationIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerMaintenanceWindow.daily("02:00", Duration.hours(24), "UTC"));

        assertContains(error, "rebalancerMaintenanceWindow duration must be whole minutes from 1 minute to less "
                + "than 24 hours", "got 1 day");
    }

    @Test
    void durationInSecondsIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerMaintenanceWindow.daily("02:00", Duration.seconds(90), "UTC"));

        assertContains(error, "duration must be whole minutes", "got 1 minute 30 seconds");
    }

    @Test
    void tokenExpressionIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerMaintenanceWindow.fromExpression(Aws.ACCOUNT_ID, "UTC"));

        assertContains(error, "rebalancerMaintenanceWindow must be known at synth time", "got a token");
    }
}
