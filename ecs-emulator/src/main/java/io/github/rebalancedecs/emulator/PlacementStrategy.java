package io.github.rebalancedecs.emulator;

import java.util.Locale;
import java.util.Objects;

/**
 * One task placement strategy of a service, spelled as in the ECS API.
 *
 * <p>The emulator supports {@code spread} on {@code instanceId} (or {@code host}) and on any
 * {@code attribute:NAME}, {@code binpack} on {@code cpu} or {@code memory}, and {@code random}.
 *
 * @param type  {@code spread}, {@code binpack} or {@code random}
 * @param field the attribute or resource the strategy works on; {@code null} for random
 */
public record PlacementStrategy(String type, String field) {

    /** The placement attribute that contains a container instance's Availability Zone. */
    public static final String AVAILABILITY_ZONE_ATTRIBUTE = "attribute:ecs.availability-zone";

    public PlacementStrategy {
        Objects.requireNonNull(type, "type");
        type = type.trim().toLowerCase(Locale.ROOT);
        field = field == null ? null : field.trim();
        switch (type) {
            case "spread" -> {
                if (field == null || field.isEmpty()) {
                    throw new IllegalArgumentException(
                            "A spread placement strategy needs a field such as instanceId or "
                                    + AVAILABILITY_ZONE_ATTRIBUTE + ", got none");
                }
            }
            case "binpack" -> {
                if (field == null || !(field.equalsIgnoreCase("cpu") || field.equalsIgnoreCase("memory"))) {
                    throw new IllegalArgumentException(
                            "A binpack placement strategy needs the field cpu or memory, got " + field);
                }
                field = field.toLowerCase(Locale.ROOT);
            }
            case "random" -> field = null;
            default -> throw new IllegalArgumentException(
                    "Placement strategy type must be spread, binpack or random, got " + type);
        }
    }

    /** Returns a spread across the Availability Zone attribute. */
    public static PlacementStrategy spreadAcrossAvailabilityZones() {
        return new PlacementStrategy("spread", AVAILABILITY_ZONE_ATTRIBUTE);
    }

    /** Returns a spread across container instances. */
    public static PlacementStrategy spreadAcrossInstances() {
        return new PlacementStrategy("spread", "instanceId");
    }

    /** Returns a binpack on {@code cpu} or {@code memory}. */
    public static PlacementStrategy binpack(String resource) {
        return new PlacementStrategy("binpack", resource);
    }

    /** Returns a random placement; the emulator draws from its seeded random source. */
    public static PlacementStrategy random() {
        return new PlacementStrategy("random", null);
    }

    /** Returns true for a spread across the Availability Zone attribute. */
    public boolean isAvailabilityZoneSpread() {
        return type.equals("spread") && AVAILABILITY_ZONE_ATTRIBUTE.equalsIgnoreCase(field);
    }

    /** Returns true for a spread across container instances ({@code instanceId} or {@code host}). */
    public boolean isInstanceSpread() {
        return type.equals("spread") && (field.equalsIgnoreCase("instanceId") || field.equalsIgnoreCase("host"));
    }
}
