package io.github.rebalancedecs.runtime.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * When the rebalancer may start operations: one or more weekly periods in a time zone.
 *
 * <p>The format is {@code [DAYS ]HH:MM-HH:MM}, several separated by {@code ;}. DAYS is a day
 * ({@code Mon}), a range ({@code Mon-Fri}) or a list ({@code Sat,Sun}); without DAYS the period
 * applies every day. A period whose end is before its start runs past midnight into the next
 * day, and its DAYS name the day it starts. Examples: {@code 02:00-05:00},
 * {@code Mon-Fri 22:00-02:00; Sat,Sun 00:00-23:59}.
 */
public final class MaintenanceWindow {

    /** A window that is always open. */
    public static final MaintenanceWindow ALWAYS = new MaintenanceWindow(List.of(), ZoneId.of("UTC"), "always");

    private final List<Period> periods;
    private final ZoneId zone;
    private final String text;

    private record Period(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        boolean contains(ZonedDateTime time) {
            LocalTime clock = time.toLocalTime();
            if (!end.isBefore(start)) {
                return days.contains(time.getDayOfWeek()) && !clock.isBefore(start) && clock.isBefore(end);
            }
            // Past midnight: the late part belongs to the start day, the early part to the day before.
            boolean lateOnStartDay = days.contains(time.getDayOfWeek()) && !clock.isBefore(start);
            boolean earlyNextDay = days.contains(time.getDayOfWeek().minus(1)) && clock.isBefore(end);
            return lateOnStartDay || earlyNextDay;
        }
    }

    private MaintenanceWindow(List<Period> periods, ZoneId zone, String text) {
        this.periods = List.copyOf(periods);
        this.zone = zone;
        this.text = text;
    }

    /**
     * Parses a window.
     *
     * @throws IllegalArgumentException with the part that is invalid and the expected format
     */
    public static MaintenanceWindow parse(String text, ZoneId zone) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(zone, "zone");
        List<Period> periods = new ArrayList<>();
        for (String part : text.split(";")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                throw invalid(text, "an empty period");
            }
            String[] words = trimmed.split("\\s+");
            if (words.length > 2) {
                throw invalid(text, "'" + trimmed + "'");
            }
            Set<DayOfWeek> days = words.length == 2 ? parseDays(text, words[0]) : EnumSet.allOf(DayOfWeek.class);
            String[] times = words[words.length - 1].split("-");
            if (times.length != 2) {
                throw invalid(text, "'" + words[words.length - 1] + "'");
            }
            LocalTime start = parseTime(text, times[0]);
            LocalTime end = parseTime(text, times[1]);
            if (start.equals(end)) {
                throw invalid(text, "a period that starts and ends at " + start);
            }
            periods.add(new Period(days, start, end));
        }
        return new MaintenanceWindow(periods, zone, text.trim() + " " + zone);
    }

    /** Returns true when the window is open at the given instant. */
    public boolean isOpen(Instant instant) {
        if (periods.isEmpty()) {
            return true;
        }
        ZonedDateTime local = instant.atZone(zone);
        return periods.stream().anyMatch(period -> period.contains(local));
    }

    @Override
    public String toString() {
        return text;
    }

    private static Set<DayOfWeek> parseDays(String text, String days) {
        Set<DayOfWeek> result = EnumSet.noneOf(DayOfWeek.class);
        for (String item : days.split(",")) {
            String[] range = item.split("-");
            if (range.length == 1) {
                result.add(parseDay(text, range[0]));
            } else if (range.length == 2) {
                DayOfWeek day = parseDay(text, range[0]);
                DayOfWeek last = parseDay(text, range[1]);
                result.add(day);
                while (day != last) {
                    day = day.plus(1);
                    result.add(day);
                }
            } else {
                throw invalid(text, "'" + item + "'");
            }
        }
        return result;
    }

    private static DayOfWeek parseDay(String text, String day) {
        String key = day.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek candidate : DayOfWeek.values()) {
            if (key.length() >= 3 && candidate.name().startsWith(key)) {
                return candidate;
            }
        }
        throw invalid(text, "the day '" + day + "'");
    }

    private static LocalTime parseTime(String text, String time) {
        try {
            return LocalTime.parse(time.trim().length() == 4 ? "0" + time.trim() : time.trim());
        } catch (DateTimeParseException e) {
            throw invalid(text, "the time '" + time + "'");
        }
    }

    private static IllegalArgumentException invalid(String text, String part) {
        return new IllegalArgumentException("invalid maintenance window '" + text + "': " + part
                + "; expected [DAYS ]HH:MM-HH:MM, for example 'Mon-Fri 02:00-05:00'");
    }
}
