package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.EcsEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioLoaderTest {

    private static final String MINIMAL = """
            name: minimal
            duration: 10m
            containerInstances:
              - {availabilityZone: us-east-1a}
            services:
              - {name: web, desiredCount: 2}
            """;

    @Test
    void loadsShippedScenarioByName() throws IOException {
        Scenario scenario = ScenarioLoader.load("observed-case-1");

        assertEquals("observed-case-1", scenario.name());
        assertEquals(Duration.ofMinutes(45), scenario.duration());
        assertEquals(3, scenario.containerInstances().size());
        assertEquals(3, scenario.services().get(0).initialTasks().size());
        assertEquals(TimelineAction.STOP_CONTAINER_INSTANCE, scenario.timeline().get(0).action());
        assertEquals(Duration.ofMinutes(20), scenario.settings().nativeRebalancingDetectionDelay());
    }

    @Test
    void everyShippedScenarioLoads() throws IOException {
        for (String name : ScenarioLoader.shippedScenarioNames()) {
            assertEquals(name, ScenarioLoader.load(name).name());
        }
    }

    @Test
    void loadsFileAndAppliesDefaults(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("minimal.yaml");
        Files.writeString(file, MINIMAL);

        Scenario scenario = ScenarioLoader.load(file.toString());

        assertEquals("default", scenario.clusterName());
        assertEquals(2, scenario.services().get(0).spec().desiredCount());
        assertEquals(200, scenario.services().get(0).spec().maximumPercent());
        assertTrue(scenario.services().get(0).spec().taskHealthCheck(), "a health check unless the file says no");
        assertTrue(scenario.timeline().isEmpty());
    }

    @ParameterizedTest(name = "healthCheck: {0} -> {1}")
    @CsvSource({"true, true", "false, false", "'\"false\"', false", "yes, true", "no, false"})
    void readsHealthCheck(String value, boolean expected) {
        Scenario scenario = ScenarioLoader.parse(MINIMAL.replace("{name: web, desiredCount: 2}",
                "{name: web, desiredCount: 2, healthCheck: " + value + "}"), "inline");

        assertEquals(expected, scenario.services().get(0).spec().taskHealthCheck());
    }

    @Test
    void parsesJson() {
        Scenario scenario = ScenarioLoader.parse("""
                {"name": "json", "duration": "PT5M",
                 "containerInstances": [{"availabilityZone": "us-east-1a", "cpu": 1024}],
                 "services": [{"name": "web", "hostPorts": [80], "healthCheck": false,
                               "placementStrategies": [{"type": "binpack", "field": "cpu"}]}],
                 "timeline": [{"at": "90", "action": "failAvailabilityZone", "availabilityZone": "us-east-1a"}]}
                """, "inline");

        assertEquals(Duration.ofMinutes(5), scenario.duration());
        assertEquals(1024, scenario.containerInstances().get(0).cpu());
        assertEquals("cpu", scenario.services().get(0).spec().placementStrategies().get(0).field());
        assertFalse(scenario.services().get(0).spec().taskHealthCheck());
        assertEquals(Duration.ofSeconds(90), scenario.timeline().get(0).at());
    }

    @Test
    void sortsTimelineByTime() {
        Scenario scenario = ScenarioLoader.parse(MINIMAL + """
                timeline:
                  - {at: 5m, action: clearFaults}
                  - {at: 1m, action: failTaskStarts, availabilityZone: us-east-1a}
                """, "inline");

        assertEquals(TimelineAction.FAIL_TASK_STARTS, scenario.timeline().get(0).action());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown member | desiredCont: 2 | Unknown member services[0].desiredCont",
            "bad integer | desiredCount: three | services[0].desiredCount must be an integer, got 'three'",
            "bad strategy | 'placementStrategies: [{type: binpack, field: disk}]' | binpack placement strategy needs the field cpu or memory, got disk",
            "bad percent | maximumPercent: 50 | maximumPercent must be at least 100, got 50",
            "bad health check | healthCheck: maybe | services[0].healthCheck must be true or false, got 'maybe'",
            "health check as number | healthCheck: 0 | services[0].healthCheck must be true or false, got '0'",
            "health check as list | 'healthCheck: [false]' | services[0].healthCheck must be a single value",
            "bad memberOf | 'placementConstraints: [{type: memberOf, expression: \"task:group == x\"}]' | task:group == x",
    })
    void rejectsInvalidServiceWithPath(String scenario, String serviceLine, String fragment) {
        String text = """
                name: bad
                duration: 10m
                containerInstances:
                  - {availabilityZone: us-east-1a}
                services:
                  - name: web
                    %s
                """.formatted(serviceLine);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ScenarioLoader.parse(text, "bad.yaml"));

        assertTrue(error.getMessage().startsWith("Scenario bad.yaml: "), error.getMessage());
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown action | '{at: 1m, action: explode}' | Unknown timeline action 'explode'",
            "missing parameter | '{at: 1m, action: stopContainerInstance}' | timeline[0].containerInstance is required",
            "extra parameter | '{at: 1m, action: clearFaults, zone: a}' | Unknown member timeline[0].zone",
            "bad duration | '{at: soon, action: clearFaults}' | timeline[0].at must be a duration",
            "after the end | '{at: 10m, action: clearFaults}' | is not before the end of the scenario",
    })
    void rejectsInvalidTimeline(String scenario, String event, String fragment) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ScenarioLoader.parse(MINIMAL + "timeline:\n  - " + event + "\n", "bad.yaml"));

        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }

    @Test
    void forceNewDeploymentEventStartsDeployment() {
        Scenario scenario = ScenarioLoader.parse(MINIMAL
                + "timeline:\n  - {at: 1m, action: forceNewDeployment, service: web}\n", "deploy.yaml");
        TimelinePlayer player = new TimelinePlayer(scenario);

        try (EcsEmulator emulator = EcsEmulator.builder().start()) {
            player.setUp(emulator, false);
            emulator.advance(Duration.ofMinutes(1));
            List<String> applied = player.applyDue(emulator, Duration.ofMinutes(1));

            assertEquals(1, applied.size());
            assertEquals(2, emulator.deployments(scenario.clusterName(), "web").size());
        }
    }

    @Test
    void rejectsMissingFileAndNameWithShippedList() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ScenarioLoader.load("no-such-scenario"));

        assertTrue(error.getMessage().contains("observed-case-1"), error.getMessage());
    }

    @Test
    void rejectsInvalidYaml() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ScenarioLoader.parse("name: [unclosed", "broken.yaml"));

        assertTrue(error.getMessage().contains("broken.yaml is not valid YAML or JSON"), error.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1} s")
    @CsvSource({"20m, 1200", "90s, 90", "1h30m, 5400", "PT2M, 120", "45, 45"})
    void parsesDurations(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), ScenarioLoader.parseDuration(text, "at"));
    }

    @Test
    void rejectsEmptyDuration() {
        assertFalse(assertThrows(IllegalArgumentException.class, () -> ScenarioLoader.parseDuration("", "at"))
                .getMessage().isEmpty());
    }
}
