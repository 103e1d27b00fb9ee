package io.github.rebalancedecs.runtime.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.executor.OperationRecord.Phase;
import io.github.rebalancedecs.runtime.planner.RebalanceHistory;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationRecordTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private static OperationRecord surging() {
        return new OperationRecord(Phase.SURGING, RebalanceStrategy.SURGE, 3, 5, START, 3, 9, 2, List.of(), null,
                null, 0, RebalanceHistory.NONE);
    }

    @Test
    void tagsRoundTrip() {
        OperationRecord record = surging().withProtectionExpiry(START.plusSeconds(300));

        OperationRecord read = OperationRecord.fromTags(record.toTags());

        assertEquals(record, read);
    }

    @Test
    void tagValuesUseOnlyCharactersTagsAllow() {
        OperationRecord record = surging().withProtectionExpiry(START).withProtectionExpiry(START.plusSeconds(60));

        for (String value : record.toTags().values()) {
            assertTrue(value.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"), value);
            assertTrue(value.length() <= 256, value);
        }
    }

    @Test
    void keepsTheNewestProtectionExpiries() {
        OperationRecord record = surging();
        for (int i = 0; i < 7; i++) {
            record = record.withProtectionExpiry(START.plusSeconds(60L * i));
        }

        assertEquals(5, record.protectionExpiries().size());
        assertEquals(START.plusSeconds(360), record.protectionExpiries().get(4));
    }

    @Test
    void recognisesOwnProtectionWithinTolerance() {
        OperationRecord record = surging().withProtectionExpiry(START.plusSeconds(300));

        assertTrue(record.isOwnProtection(START.plusSeconds(330)));
        assertFalse(record.isOwnProtection(START.plusSeconds(7200)));
        assertFalse(record.isOwnProtection(null));
    }

    @Test
    void readsHistoryWithoutOperation() {
        Map<String, String> tags = Map.of(OperationRecord.LAST_REBALANCE_AT, "2026-01-05T08:00:00Z");

        OperationRecord record = OperationRecord.fromTags(tags);

        assertEquals(Phase.NONE, record.phase());
        assertEquals(Instant.parse("2026-01-05T08:00:00Z"), record.history().lastRebalanceAt());
        assertEquals(Instant.EPOCH, record.history().ineffectiveUntil());
    }

    @Test
    void invalidTagNamesTheKeyAndTheFix() {
        Map<String, String> tags = new HashMap<>(surging().toTags());
        tags.put(OperationRecord.BASELINE_DESIRED_COUNT, "three");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OperationRecord.fromTags(tags));

        assertTrue(error.getMessage().contains("rebalanced-ecs:baseline-desired-count must be an integer, got 'three'"),
                error.getMessage());
        assertTrue(error.getMessage().contains("remove the tags whose keys start with rebalanced-ecs:"),
                error.getMessage());
    }
}
