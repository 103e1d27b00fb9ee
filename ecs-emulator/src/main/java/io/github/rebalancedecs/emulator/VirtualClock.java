package io.github.rebalancedecs.emulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's time: it moves only when a test or the scenario runner advances it, so a
 * simulation of hours runs in milliseconds and gives the same result on every run.
 */
public final class VirtualClock {

    private volatile Instant now;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    /** Moves the clock to {@code instant}; the emulator's scheduler calls this on each tick. */
    public void moveTo(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("The virtual clock cannot move back from " + now + " to " + instant);
        }
        now = instant;
    }

    /** Returns a read-only {@link Clock} view, for code under test that takes a {@code java.time.Clock}. */
    public Clock asClock() {
        return new View(this, ZoneOffset.UTC);
    }

    private static final class View extends Clock {
        private final VirtualClock source;
        private final ZoneId zone;

        View(VirtualClock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new View(source, newZone);
        }

        @Override
        public Instant instant() {
            return source.now();
        }
    }
}
