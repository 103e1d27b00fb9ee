package io.github.rebalancedecs.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void oddCountTakesMiddleValue() {
        Summary summary = Summary.of(List.of(9.0, 1.0, 5.0));

        assertEquals(5.0, summary.median());
        assertEquals(1.0, summary.min());
        assertEquals(9.0, summary.max());
        assertEquals(3, summary.runs());
    }

    @Test
    void evenCountAveragesMiddleValues() {
        assertEquals(2.5, Summary.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
    }

    @Test
    void formatShowsRange() {
        assertEquals("5.0 [1.0–9.0]", Summary.of(List.of(9.0, 1.0, 5.0)).format(1));
    }

    @Test
    void formatOmitsRangeWhenRunsAgree() {
        assertEquals("7", Summary.of(List.of(7.0, 7.0)).format(0));
    }

    @Test
    void emptyValuesRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Summary.of(List.of()));

        assertTrue(error.getMessage().contains("must not be empty"), error.getMessage());
    }
}
