package io.github.rebalancedecs.runtime.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    // 2026-01-05 is a Monday.
    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void dailyWindow() {
        MaintenanceWindow window = MaintenanceWindow.parse("02:00-05:00", UTC);

        assertTrue(window.isOpen(at("2026-01-05T02:00:00Z")));
        assertTrue(window.isOpen(at("2026-01-10T04:59:59Z")));
        assertFalse(window.isOpen(at("2026-01-05T05:00:00Z")));
        assertFalse(window.isOpen(at("2026-01-05T01:59:59Z")));
    }

    @Test
    void weekdaysOnly() {
        MaintenanceWindow window = MaintenanceWindow.parse("Mon-Fri 02:00-05:00", UTC);

        assertTrue(window.isOpen(at("2026-01-09T03:00:00Z")));
        assertFalse(window.isOpen(at("2026-01-10T03:00:00Z")));
    }

    @Test
    void overnightWindowBelongsToItsStartDay() {
        MaintenanceWindow window = MaintenanceWindow.parse("Fri 22:00-02:00", UTC);

        assertTrue(window.isOpen(at("2026-01-09T23:00:00Z")));
        assertTrue(window.isOpen(at("2026-01-10T01:00:00Z")));
        assertFalse(window.isOpen(at("2026-01-09T01:00:00Z")));
    }

    @Test
    void timeZoneApplies() {
        MaintenanceWindow window = MaintenanceWindow.parse("02:00-03:00", ZoneId.of("America/New_York"));

        assertTrue(window.isOpen(at("2026-01-05T07:30:00Z")));
        assertFalse(window.isOpen(at("2026-01-05T02:30:00Z")));
    }

    @Test
    void severalPeriods() {
        MaintenanceWindow window = MaintenanceWindow.parse("Mon-Fri 22:00-02:00; Sat,Sun 00:00-23:59", UTC);

        assertTrue(window.isOpen(at("2026-01-10T12:00:00Z")));
        assertFalse(window.isOpen(at("2026-01-07T12:00:00Z")));
    }

    @Test
    void alwaysIsOpen() {
        assertTrue(MaintenanceWindow.ALWAYS.isOpen(at("2026-01-05T12:00:00Z")));
    }

    @Test
    void invalidDayIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceWindow.parse("Funday 02:00-03:00", UTC));

        assertTrue(error.getMessage().contains("the day 'Funday'"), error.getMessage());
        assertTrue(error.getMessage().contains("expected [DAYS ]HH:MM-HH:MM"), error.getMessage());
    }

    @Test
    void emptyPeriodIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceWindow.parse("02:00-02:00", UTC));

        assertTrue(error.getMessage().contains("starts and ends at 02:00"), error.getMessage());
    }
}
