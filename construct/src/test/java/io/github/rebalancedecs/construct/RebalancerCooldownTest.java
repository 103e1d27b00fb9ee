package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidationTest.assertRejected;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The {@code rebalancerCooldown} prop: the variable it sets, and the values it rejects. */
class RebalancerCooldownTest {

    static Stream<Arguments> acceptedCooldowns() {
        return Stream.of(
                Arguments.of("no cooldown", Duration.minutes(0), "0"),
                Arguments.of("hours", Duration.hours(2), "120"),
                Arguments.of("whole minutes in seconds", Duration.seconds(180), "3"),
                Arguments.of("7 days, the runtime's maximum", Duration.days(7), "10080"));
    }

    @ParameterizedTest(name = "{0} -> {2} minutes")
    @MethodSource("acceptedCooldowns")
    void cooldownSetsMinutesVariable(String scenario, Duration cooldown, String minutes) {
        Template template = synthesize(TestStacks.agnosticStack("Demo"), cooldown);

        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_COOLDOWN_MINUTES", minutes)))));
    }

    @Test
    void tokenInMinutesIsPassedThrough() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number minutes = CfnParameter.Builder.create(stack, "CooldownMinutes").type("Number").build()
                .getValueAsNumber();

        Template template = synthesize(stack, Duration.minutes(minutes));

        // Lambda environment variables are strings, so CloudFormation joins the parameter in.
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_COOLDOWN_MINUTES", Match.objectLike(Map.of(
                        "Ref", "CooldownMinutes")))))));
    }

    static Stream<Arguments> rejectedCooldowns() {
        return Stream.of(
                Arguments.of("part of a minute", Duration.seconds(90), "got 1 minute 30 seconds"),
                Arguments.of("under a minute", Duration.seconds(30), "got 30 seconds"),
                Arguments.of("above 7 days", Duration.minutes(10081), "got 7 days 1 minute"),
                Arguments.of("8 days", Duration.days(8), "got 8 days"));
    }

    @ParameterizedTest(name = "{0} -> rejected")
    @MethodSource("rejectedCooldowns")
    void cooldownOutOfRangeIsRejected(String scenario, Duration cooldown, String received) {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.FALLBACK).rebalancerCooldown(cooldown),
                "rebalancerCooldown must be whole minutes from 0 to 10080 (7 days)", received,
                "Set it to Duration.minutes(n) within that range, or remove it to use the runtime's default of "
                        + "1 minute.");
    }

    @Test
    void tokenInSecondsIsRejected() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number seconds = CfnParameter.Builder.create(stack, "CooldownSeconds").type("Number").build()
                .getValueAsNumber();

        assertRejected(stack, props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .rebalancerCooldown(Duration.seconds(seconds)),
                "rebalancerCooldown must be given with Duration.minutes when its value is a token",
                "got a token in seconds", "Use Duration.minutes(token).");
    }

    @Test
    void cooldownIsCheckedInEveryMode() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.NATIVE).rebalancerCooldown(Duration.seconds(90)),
                "rebalancerCooldown must be whole minutes", "got 1 minute 30 seconds");
    }

    private static Template synthesize(Stack stack, Duration cooldown) {
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerCooldown(cooldown)
                .build());
        return Template.fromStack(stack);
    }
}
