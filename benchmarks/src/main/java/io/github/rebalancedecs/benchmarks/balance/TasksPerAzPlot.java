package io.github.rebalancedecs.benchmarks.balance;

import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Draws the RUNNING tasks per Availability Zone over virtual time as a PNG, one panel per
 * rebalancer, with Java2D alone.
 */
public final class TasksPerAzPlot {

    private static final int WIDTH = 1200;
    private static final int PANEL_HEIGHT = 330;
    private static final int HEADER_HEIGHT = 50;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 55;

    /** The Okabe-Ito palette, which stays distinct for readers with colour vision deficiency. */
    private static final List<Color> ZONE_COLORS = List.of(new Color(0x0072B2), new Color(0xE69F00),
            new Color(0x009E73), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00));

    private TasksPerAzPlot() {
    }

    /**
     * One panel: the steps of one simulation.
     *
     * @param title       the panel's title
     * @param steps       the simulation's steps, in order
     * @param serviceName the service to draw
     * @param duration    the virtual time the simulation covered
     */
    public record Panel(String title, List<SimulationStep> steps, String serviceName, Duration duration) {

        public Panel {
            Objects.requireNonNull(title, "title");
            steps = List.copyOf(steps);
            Objects.requireNonNull(serviceName, "serviceName");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * A vertical line across every panel, such as the moment capacity returns.
     *
     * @param at    the virtual time since the start
     * @param label the text beside the line
     */
    public record Marker(Duration at, String label) {
    }

    /** Writes the panels, one under the other, as a PNG file. */
    public static void write(Path file, String title, List<Panel> panels, List<Marker> markers) throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("panels must not be empty");
        }
        BufferedImage image = new BufferedImage(WIDTH, HEADER_HEIGHT + PANEL_HEIGHT * panels.size(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            graphics.drawString(title, LEFT, 32);

            int maxTasks = 1;
            TreeSet<String> zones = new TreeSet<>();
            for (Panel panel : panels) {
                for (SimulationStep step : panel.steps()) {
                    Map<String, Integer> perZone = step.tasksPerZone().get(panel.serviceName());
                    zones.addAll(perZone.keySet());
                    maxTasks = Math.max(maxTasks, perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0));
                }
            }
            for (int index = 0; index < panels.size(); index++) {
                drawPanel(graphics, panels.get(index), HEADER_HEIGHT + index * PANEL_HEIGHT, List.copyOf(zones),
                        maxTasks + 1, markers);
            }
        } finally {
            graphics.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawPanel(Graphics2D graphics, Panel panel, int top, List<String> zones, int yMax,
            List<Marker> markers) {
        int plotLeft = LEFT;
        int plotRight = WIDTH - RIGHT;
        int plotTop = top + TOP;
        int plotBottom = top + PANEL_HEIGHT - BOTTOM;
        double minutes = panel.duration().toSeconds() / 60.0;
        Axis x = new Axis(0, minutes, plotLeft, plotRight);
        Axis y = new Axis(0, yMax, plotBottom, plotTop);

        // 1. Title, grid and axes.
        graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        graphics.setColor(Color.BLACK);
        graphics.drawString(panel.title(), plotLeft, top + 25);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics metrics = graphics.getFontMetrics();
        for (int count = 0; count <= yMax; count++) {
            int pixel = y.pixel(count);
            graphics.setColor(new Color(0xE6E6E6));
            graphics.drawLine(plotLeft, pixel, plotRight, pixel);
            graphics.setColor(Color.DARK_GRAY);
            String label = Integer.toString(count);
            graphics.drawString(label, plotLeft - 10 - metrics.stringWidth(label), pixel + 5);
        }
        int tickEvery = minutes > 60 ? 15 : 5;
        for (int minute = 0; minute <= minutes; minute += tickEvery) {
            int pixel = x.pixel(minute);
            graphics.setColor(Color.DARK_GRAY);
            graphics.drawLine(pixel, plotBottom, pixel, plotBottom + 5);
            String label = Integer.toString(minute);
            graphics.drawString(label, pixel - metrics.stringWidth(label) / 2, plotBottom + 20);
        }
        graphics.setColor(Color.BLACK);
        graphics.drawLine(plotLeft, plotBottom, plotRight, plotBottom);
        graphics.drawLine(plotLeft, plotTop, plotLeft, plotBottom);
        String xLabel = "virtual time since the start (minutes)";
        graphics.drawString(xLabel, (plotLeft + plotRight - metrics.stringWidth(xLabel)) / 2, plotBottom + 42);
        Graphics2D rotated = (Graphics2D) graphics.create();
        rotated.rotate(-Math.PI / 2);
        String yLabel = "RUNNING tasks";
        rotated.drawString(yLabel, -(plotTop + plotBottom + metrics.stringWidth(yLabel)) / 2, plotLeft - 45);
        rotated.dispose();

        // 2. Markers, such as the moment capacity returns.
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0);
        for (Marker marker : markers) {
            int pixel = x.pixel(marker.at().toSeconds() / 60.0);
            Graphics2D line = (Graphics2D) graphics.create();
            line.setColor(Color.GRAY);
            line.setStroke(dashed);
            line.drawLine(pixel, plotTop, pixel, plotBottom);
            line.dispose();
            graphics.setColor(Color.DARK_GRAY);
            graphics.drawString(marker.label(), pixel + 4, plotTop + 14);
        }

        // 3. One step line per zone, each shifted by a few pixels so that equal counts stay visible.
        graphics.setStroke(new BasicStroke(2.5f));
        for (int index = 0; index < zones.size(); index++) {
            String zone = zones.get(index);
            int shift = (int) Math.round((index - (zones.size() - 1) / 2.0) * 4);
            graphics.setColor(ZONE_COLORS.get(index % ZONE_COLORS.size()));
            int previousX = -1;
            int previousY = -1;
            for (SimulationStep step : panel.steps()) {
                int count = step.tasksPerZone().get(panel.serviceName()).getOrDefault(zone, 0);
                int stepX = x.pixel(step.elapsed().toSeconds() / 60.0);
                int stepY = y.pixel(count) + shift;
                if (previousX >= 0) {
                    graphics.drawLine(previousX, previousY, stepX, previousY);
                    graphics.drawLine(stepX, previousY, stepX, stepY);
                }
                previousX = stepX;
                previousY = stepY;
            }
            graphics.drawLine(previousX, previousY, plotRight, previousY);

            // Legend entry.
            int legendY = plotTop + 20 + index * 24;
            graphics.drawLine(plotRight + 25, legendY - 5, plotRight + 55, legendY - 5);
            graphics.setColor(Color.BLACK);
            graphics.drawString(zone, plotRight + 62, legendY);
        }
        graphics.setStroke(new BasicStroke(1));
    }

    /** A linear map from values to pixels. */
    private record Axis(double from, double to, int fromPixel, int toPixel) {

        int pixel(double value) {
            return (int) Math.round(fromPixel + (value - from) / (to - from) * (toPixel - fromPixel));
        }
    }
}
