package io.github.rebalancedecs.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MemberOfExpressionTest {

    private static final ContainerInstanceSnapshot INSTANCE = new ContainerInstanceSnapshot(
            "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/a1", "i-0abc", "us-east-1a", "ACTIVE", true,
            1024, 2048, Set.of(), Map.of("ecs.availability-zone", "us-east-1a", "ecs.instance-type", "m7g.large",
                    "team", "payments", "generation", "7"));

    static Stream<Arguments> expressions() {
        return Stream.of(
                Arguments.of("attribute:ecs.availability-zone == us-east-1a", true),
                Arguments.of("attribute:ecs.availability-zone equals us-east-1b", false),
                Arguments.of("attribute:ecs.availability-zone != us-east-1b", true),
                Arguments.of("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", true),
                Arguments.of("attribute:ecs.availability-zone not_in [us-east-1a]", false),
                Arguments.of("attribute:ecs.instance-type =~ m7g.*", true),
                Arguments.of("attribute:ecs.instance-type !~ m7g.*", false),
                Arguments.of("attribute:team exists", true),
                Arguments.of("attribute:owner !exists", true),
                Arguments.of("attribute:generation >= 6", true),
                Arguments.of("attribute:generation < 6", false),
                Arguments.of("ec2InstanceId == i-0abc", true),
                Arguments.of("agentConnected == true", true),
                Arguments.of("attribute:team == payments and attribute:ecs.availability-zone == us-east-1b", false),
                Arguments.of("attribute:team == payments or attribute:ecs.availability-zone == us-east-1b", true),
                Arguments.of("not (attribute:team == payments)", false),
                Arguments.of("(attribute:team == search || attribute:generation == 7) && agentConnected == true", true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("expressions")
    void evaluatesExpression(String expression, boolean expected) {
        assertEquals(expected, MemberOfExpression.parse(expression).matches(INSTANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void rejectsUnsupportedForm(String expression, String fragment) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MemberOfExpression.parse(expression));

        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("task:group == service:web", "Unsupported subject 'task:group'"),
                Arguments.of("attribute:team like payments", "Unsupported operator 'like'"),
                Arguments.of("attribute:team ==", "expected a value after =="),
                Arguments.of("(attribute:team == a", "expected ')'"),
                Arguments.of("attribute:team == a b", "unexpected 'b'"),
                Arguments.of("attribute:team =~ [", "Invalid pattern"));
    }
}
