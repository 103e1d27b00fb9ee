package io.github.rebalancedecs.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine and JVM a benchmark ran on, as BENCHMARKS.md records them.
 *
 * @param cpuModel          the first {@code model name} of /proc/cpuinfo, or "unknown"
 * @param processors        the processors available to the JVM, as {@code nproc} counts them
 * @param memoryGib         the physical memory in GiB, or 0 when the JVM does not report it
 * @param javaVersion       {@code java.runtime.version}
 * @param javaVm            {@code java.vm.name} and {@code java.vm.vendor}
 * @param operatingSystem   {@code os.name}, {@code os.version} and {@code os.arch}
 */
public record MachineInfo(
        String cpuModel, int processors, double memoryGib, String javaVersion, String javaVm, String operatingSystem) {

    /** Reads the current machine. */
    public static MachineInfo current() {
        return new MachineInfo(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryGib(),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** Returns the Markdown lines of the report's machine section. */
    public String toMarkdown() {
        return "- CPU: " + cpuModel + ", " + processors + " processors available to the JVM\n"
                + String.format(Locale.ROOT, "- Memory: %.1f GiB%n", memoryGib)
                + "- Java: " + javaVersion + ", " + javaVm + "\n"
                + "- OS: " + operatingSystem + "\n";
    }

    /**
     * Returns the load averages over 1, 5 and 15 minutes from /proc/loadavg, such as
     * {@code 0.52 0.61 0.70}, or "unknown". Other work on the machine shows here and widens the
     * ranges of wall-clock measurements.
     */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double readMemoryGib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
        }
        return 0;
    }
}
