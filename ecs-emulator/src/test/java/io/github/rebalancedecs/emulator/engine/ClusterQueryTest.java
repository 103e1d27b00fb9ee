package io.github.rebalancedecs.emulator.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterQueryTest {

    private static final Map<String, String> INSTANCE = Map.of(
            "ecs.availability-zone", "us-east-1a",
            "ecs.instance-type", "m5.large",
            "team", "payments");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "attribute:ecs.availability-zone == us-east-1a | true",
            "attribute:ecs.availability-zone equals us-east-1b | false",
            "attribute:ecs.availability-zone != us-east-1b | true",
            "attribute:ecs.availability-zone in [us-east-1a, us-east-1b] | true",
            "attribute:ecs.availability-zone not_in [us-east-1a] | false",
            "attribute:ecs.instance-type =~ m5.* | true",
            "attribute:ecs.instance-type !~ t3.* | true",
            "attribute:team exists | true",
            "attribute:missing exists | false",
            "attribute:ecs.availability-zone == us-east-1a and attribute:team == payments | true",
            "attribute:ecs.availability-zone == 'us-east-1a' | true",
    })
    void matchesSupportedExpressions(String expression, boolean expected) {
        assertEquals(expected, ClusterQuery.parse(expression).matches(INSTANCE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "task:group == web | each clause must read",
            "attribute:ecs.availability-zone == a or attribute:team == b | 'or' is not supported",
            "attribute:ecs.availability-zone in us-east-1a | needs a list",
            "attribute:team exists yes | 'exists' takes no value",
    })
    void rejectsUnsupportedExpressions(String expression, String fragment) {
        EcsApiException error = assertThrows(EcsApiException.class, () -> ClusterQuery.parse(expression));

        assertEquals("InvalidParameterException", error.errorCode());
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
        assertTrue(error.getMessage().contains(expression), error.getMessage());
    }
}
