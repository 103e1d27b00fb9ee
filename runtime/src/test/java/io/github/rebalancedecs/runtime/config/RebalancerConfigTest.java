package io.github.rebalancedecs.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalancerConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", "us-east-1");
        environment.put("REBALANCER_CLUSTER_NAME", "prod");
        environment.put("REBALANCER_SERVICE_NAMES", "web, api");
        return environment;
    }

    @Test
    void defaultsAreSafe() {
        RebalancerConfig config = RebalancerConfig.fromEnvironment(minimal());

        assertEquals(List.of("web", "api"), config.serviceNames());
        assertEquals(RebalanceStrategy.SURGE, config.policy().strategy());
        assertEquals(1, config.policy().maxSkew());
        assertEquals(RebalancePolicy.NO_LIMIT, config.policy().maxMovesPerRun());
        assertEquals(RebalancePolicy.NO_LIMIT, config.policy().maxSurge());
        assertEquals(Duration.ofMinutes(1), config.policy().cooldown());
        assertEquals(5, config.executorSettings().protectionMinutes());
        assertFalse(config.executorSettings().dryRun());
        assertEquals(MaintenanceWindow.ALWAYS, config.maintenanceWindow());
        assertNull(config.ecsEndpoint());
        assertEquals(Duration.ofSeconds(20), config.apiCallTimeout());
        assertEquals("RebalancedEcs", config.metricsNamespace());
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> environment = minimal();
        environment.put("REBALANCER_STRATEGY", "replace");
        environment.put("REBALANCER_MAX_SKEW", "2");
        environment.put("REBALANCER_DRY_RUN", "TRUE");
        environment.put("REBALANCER_MAINTENANCE_WINDOW", "Mon-Fri 02:00-05:00");
        environment.put("REBALANCER_MAINTENANCE_WINDOW_TIME_ZONE", "Europe/Paris");
        environment.put("REBALANCER_SUBNET_AVAILABILITY_ZONES", "subnet-1=us-east-1a,subnet-2=us-east-1b");
        environment.put("REBALANCER_ECS_ENDPOINT", "http://127.0.0.1:4566");

        RebalancerConfig config = RebalancerConfig.fromEnvironment(environment);

        assertEquals(RebalanceStrategy.REPLACE, config.policy().strategy());
        assertEquals(2, config.policy().maxSkew());
        assertTrue(config.executorSettings().dryRun());
        assertEquals("Mon-Fri 02:00-05:00 Europe/Paris", config.maintenanceWindow().toString());
        assertEquals(Map.of("subnet-1", "us-east-1a", "subnet-2", "us-east-1b"), config.subnetAvailabilityZones());
        assertEquals("127.0.0.1", config.ecsEndpoint().getHost());
    }

    @Test
    void missingVariablesAreNamed() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> RebalancerConfig.fromEnvironment(Map.of()));

        assertTrue(error.getMessage().contains("AWS_REGION is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("REBALANCER_CLUSTER_NAME is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("REBALANCER_SERVICE_NAMES is missing"), error.getMessage());
    }

    @Test
    void invalidValuesAreNamedWithTheirValue() {
        Map<String, String> environment = minimal();
        environment.put("REBALANCER_MAX_SKEW", "0");
        environment.put("REBALANCER_STRATEGY", "ROLLING");
        environment.put("REBALANCER_DRY_RUN", "yes");
        environment.put("REBALANCER_PROTECTION_MINUTES", "3000");
        environment.put("REBALANCER_MAINTENANCE_WINDOW", "Mon 25:00-02:00");
        environment.put("REBALANCER_MAINTENANCE_WINDOW_TIME_ZONE", "Mars/Olympus");
        environment.put("REBALANCER_ECS_ENDPOINT", "ftp://example");
        environment.put("REBALANCER_SUBNET_AVAILABILITY_ZONES", "subnet-1");

        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> RebalancerConfig.fromEnvironment(environment));

        assertEquals(8, error.problems().size(), error.getMessage());
        assertTrue(error.getMessage().contains("REBALANCER_MAX_SKEW must be an integer from 1 to 1000, got '0'"));
        assertTrue(error.getMessage().contains("REBALANCER_STRATEGY must be SURGE or REPLACE, got 'ROLLING'"));
        assertTrue(error.getMessage().contains("REBALANCER_DRY_RUN must be true or false, got 'yes'"));
        assertTrue(error.getMessage().contains("REBALANCER_PROTECTION_MINUTES must be an integer from 1 to 2880"));
        assertTrue(error.getMessage().contains("the time '25:00'"), error.getMessage());
        assertTrue(error.getMessage().contains("got 'Mars/Olympus'"));
        assertTrue(error.getMessage().contains("got 'ftp://example'"));
        assertTrue(error.getMessage().contains("subnet=zone pairs"));
    }

    @Test
    void duplicateServiceIsRejected() {
        Map<String, String> environment = minimal();
        environment.put("REBALANCER_SERVICE_NAMES", "web,web");

        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> RebalancerConfig.fromEnvironment(environment));

        assertTrue(error.getMessage().contains("lists 'web' twice"), error.getMessage());
    }
}
