package io.github.rebalancedecs.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void renderEscapesPipes() {
        String table = new MarkdownTable("A", "B").row("x|y", 2).render();

        assertEquals("| A | B |\n| --- | --- |\n| x\\|y | 2 |\n", table);
    }

    @Test
    void rowWithWrongCellCountRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new MarkdownTable("A", "B").row("only one"));

        assertTrue(error.getMessage().contains("needs 2 cells, got 1"), error.getMessage());
    }
}
