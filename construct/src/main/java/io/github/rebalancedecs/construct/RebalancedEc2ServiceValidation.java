package io.github.rebalancedecs.construct;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * Input checks of {@link RebalancedEc2Service} that need no child construct. Each error names the
 * prop, the rule and the value received. Token values are not checked as numbers: they are
 * resolved only at deploy time.
 */
final class RebalancedEc2ServiceValidation {

    /** The minimum number of Availability Zones that keeps a service running after the loss of one zone. */
    static final int MIN_AVAILABILITY_ZONES = 2;

    private RebalancedEc2ServiceValidation() {
    }

    /** Checks the props that do not depend on the VPC's Availability Zones. */
    static void validateProps(Construct scope, RebalancedEc2ServiceProps props) {
        if (Boolean.TRUE.equals(props.getDaemon())) {
            throw new IllegalArgumentException("daemon must be false, got true: RebalancedEc2Service keeps the "
                    + "tasks of a REPLICA service balanced across Availability Zones, and a DAEMON service runs "
                    + "one task on every container instance. Use Ec2Service with daemon(true) instead.");
        }

        validateNetworkProps(scope, props);
        validateDeploymentProps(props);
        validateCapacityProps(props);
    }

    private static void validateNetworkProps(Construct scope, RebalancedEc2ServiceProps props) {
        boolean existingVpc = props.getVpc() != null || props.getCluster() != null;
        String vpcSource = props.getVpc() != null ? "vpc" : "cluster";
        rejectWithExistingVpc(existingVpc, vpcSource, "availabilityZoneCount", props.getAvailabilityZoneCount());
        rejectWithExistingVpc(existingVpc, vpcSource, "availabilityZones", props.getAvailabilityZones());
        rejectWithExistingVpc(existingVpc, vpcSource, "natGateways", props.getNatGateways());

        if (props.getAvailabilityZoneCount() != null && props.getAvailabilityZones() != null) {
            throw new IllegalArgumentException("availabilityZoneCount and availabilityZones are both set, got "
                    + format(props.getAvailabilityZoneCount()) + " and " + props.getAvailabilityZones()
                    + ": set only one, because availabilityZones already gives the count.");
        }

        Number zoneCount = props.getAvailabilityZoneCount();
        if (zoneCount != null) {
            requireConcrete("availabilityZoneCount", zoneCount, "it decides how many subnets to create");
            if (zoneCount.doubleValue() < MIN_AVAILABILITY_ZONES || !isWholeNumber(zoneCount)) {
                throw new IllegalArgumentException("availabilityZoneCount must be a whole number of at least "
                        + MIN_AVAILABILITY_ZONES + " so that the service survives the loss of one Availability "
                        + "Zone, got " + format(zoneCount) + ".");
            }
        }

        List<String> zones = props.getAvailabilityZones();
        if (zones != null) {
            validateAvailabilityZoneCount("availabilityZones", zones);
            if (new HashSet<>(zones).size() != zones.size()) {
                throw new IllegalArgumentException(
                        "availabilityZones must not repeat an Availability Zone, got " + zones + ".");
            }
        }

        if (props.getNatGateways() != null) {
            requireConcrete("natGateways", props.getNatGateways(), "it decides how many NAT gateways to create");
        }

        if (props.getCluster() != null) {
            if (props.getVpc() != null && props.getCluster().getVpc() != props.getVpc()) {
                throw new IllegalArgumentException("cluster must be in the VPC given as vpc, got a cluster in "
                        + props.getCluster().getVpc().getNode().getPath() + " and vpc "
                        + props.getVpc().getNode().getPath() + ". Omit vpc to use the cluster's VPC.");
            }
            if (Stack.of(props.getCluster()) != Stack.of(scope)) {
                throw new IllegalArgumentException("cluster must be in the same stack as RebalancedEc2Service, got "
                        + "a cluster in stack " + Stack.of(props.getCluster()).getStackName() + ": the construct "
                        + "associates its capacity providers with the cluster, and a cluster in another stack "
                        + "would make the two stacks reference each other.");
            }
        }
    }

    private static void rejectWithExistingVpc(boolean existingVpc, String vpcSource, String prop, Object value) {
        if (existingVpc && value != null) {
            throw new IllegalArgumentException(prop + " applies only to a VPC that the construct creates, but "
                    + vpcSource + " is set, got " + prop + " " + formatValue(value) + ". Remove " + prop
                    + ": the construct uses every Availability Zone of the existing VPC's vpcSubnets.");
        }
    }

    private static void validateDeploymentProps(RebalancedEc2ServiceProps props) {
        Number desiredCount = props.getDesiredCount();
        if (isConcrete(desiredCount) && desiredCount.doubleValue() < 0) {
            throw new IllegalArgumentException(
                    "desiredCount must not be negative, got " + format(desiredCount) + ".");
        }

        Number minHealthyPercent = props.getMinHealthyPercent();
        Number maxHealthyPercent = props.getMaxHealthyPercent();
        if (isConcrete(minHealthyPercent) && minHealthyPercent.doubleValue() < 0) {
            throw new IllegalArgumentException(
                    "minHealthyPercent must not be negative, got " + format(minHealthyPercent) + ".");
        }
        double effectiveMin = minHealthyPercent == null ? RebalancedEc2Service.DEFAULT_MIN_HEALTHY_PERCENT
                : minHealthyPercent.doubleValue();
        double effectiveMax = maxHealthyPercent == null ? RebalancedEc2Service.DEFAULT_MAX_HEALTHY_PERCENT
                : maxHealthyPercent.doubleValue();
        boolean bothConcrete = (minHealthyPercent == null || isConcrete(minHealthyPercent))
                && (maxHealthyPercent == null || isConcrete(maxHealthyPercent));
        if (bothConcrete && effectiveMin >= effectiveMax) {
            throw new IllegalArgumentException("minHealthyPercent must be below maxHealthyPercent, got "
                    + "minHealthyPercent " + format(effectiveMin) + " and maxHealthyPercent "
                    + format(effectiveMax) + ": ECS could neither start nor stop a task during a deployment. "
                    + (minHealthyPercent == null
                            ? "minHealthyPercent defaults to " + format(effectiveMin) + ": set it lower, for "
                                    + "example 50, to let ECS stop a task before it starts its replacement."
                            : "Lower minHealthyPercent or raise maxHealthyPercent."));
        }
    }

    private static void validateCapacityProps(RebalancedEc2ServiceProps props) {
        Number minPerAz = props.getCapacityMinInstancesPerAz();
        Number maxPerAz = props.getCapacityMaxInstancesPerAz();

        if (props.getCapacityLayout() != CapacityLayout.ZONAL) {
            String reason = "the SHARED layout multiplies it by the number of Availability Zones";
            if (minPerAz != null) {
                requireConcrete("capacityMinInstancesPerAz", minPerAz, reason);
            }
            if (maxPerAz != null) {
                requireConcrete("capacityMaxInstancesPerAz", maxPerAz, reason);
            }
        }

        if (isConcrete(minPerAz) && (minPerAz.doubleValue() < 0 || !isWholeNumber(minPerAz))) {
            throw new IllegalArgumentException("capacityMinInstancesPerAz must be a whole number of at least 0, got "
                    + format(minPerAz) + ".");
        }
        if (isConcrete(maxPerAz) && (maxPerAz.doubleValue() < 1 || !isWholeNumber(maxPerAz))) {
            throw new IllegalArgumentException("capacityMaxInstancesPerAz must be a whole number of at least 1, got "
                    + format(maxPerAz) + ".");
        }
        double effectiveMin = minPerAz == null ? RebalancedEc2Service.DEFAULT_MIN_INSTANCES_PER_AZ
                : minPerAz.doubleValue();
        double effectiveMax = maxPerAz == null ? RebalancedEc2Service.DEFAULT_MAX_INSTANCES_PER_AZ
                : maxPerAz.doubleValue();
        boolean bothConcrete = (minPerAz == null || isConcrete(minPerAz)) && (maxPerAz == null || isConcrete(maxPerAz));
        if (bothConcrete && effectiveMin > effectiveMax) {
            throw new IllegalArgumentException("capacityMinInstancesPerAz must not exceed capacityMaxInstancesPerAz, "
                    + "got " + format(effectiveMin) + " and " + format(effectiveMax) + ".");
        }

        Number targetPercent = props.getCapacityTargetPercent();
        if (isConcrete(targetPercent) && (targetPercent.doubleValue() < 1 || targetPercent.doubleValue() > 100)) {
            throw new IllegalArgumentException("capacityTargetPercent must be from 1 to 100, got "
                    + format(targetPercent) + ".");
        }
    }

    /** Checks the number of Availability Zones that the construct will use. */
    static void validateAvailabilityZoneCount(String prop, List<String> zones) {
        if (zones.size() < MIN_AVAILABILITY_ZONES) {
            // Zones picked at deploy time are tokens, whose text would only confuse the reader.
            String names = zones.stream().anyMatch(Token::isUnresolved) ? "" : " " + zones;
            throw new IllegalArgumentException(prop + " must give at least " + MIN_AVAILABILITY_ZONES
                    + " Availability Zones so that the service survives the loss of one zone, got "
                    + zones.size() + names + ".");
        }
    }

    /** Checks the number of NAT gateways against the number of Availability Zones of the new VPC. */
    static void validateNatGateways(Number natGateways, int zoneCount) {
        if (natGateways != null && (natGateways.doubleValue() < 1 || natGateways.doubleValue() > zoneCount
                || !isWholeNumber(natGateways))) {
            throw new IllegalArgumentException("natGateways must be a whole number from 1 to the number of "
                    + "Availability Zones (" + zoneCount + "), got " + format(natGateways) + ": the container "
                    + "instances run in private subnets and need a NAT gateway to reach ECS.");
        }
    }

    private static void requireConcrete(String prop, Number value, String reason) {
        if (Token.isUnresolved(value)) {
            throw new IllegalArgumentException(prop + " must be a number known at synth time, because " + reason
                    + ", got a token.");
        }
    }

    static boolean isConcrete(Number value) {
        return value != null && !Token.isUnresolved(value);
    }

    private static boolean isWholeNumber(Number value) {
        return value.doubleValue() == Math.rint(value.doubleValue());
    }

    /** Formats a number without a trailing ".0", so that messages show the value as the user wrote it. */
    static String format(Number value) {
        return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }

    private static String formatValue(Object value) {
        return value instanceof Number number ? format(number) : String.valueOf(value);
    }
}
