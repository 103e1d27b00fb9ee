package io.github.rebalancedecs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A table of text columns, each as wide as its widest cell, separated by two spaces. */
final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; a {@code null} cell prints as {@code -}. */
    TextTable addRow(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(cell -> cell == null ? "-" : cell).toList());
        return this;
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        printRow(out, indent, headers, widths);
        for (List<String> row : rows) {
            printRow(out, indent, row, widths);
        }
    }

    private static void printRow(PrintWriter out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int column = 0; column < cells.size(); column++) {
            line.append(cells.get(column));
            if (column < cells.size() - 1) {
                line.append(" ".repeat(widths[column] - cells.get(column).length() + 2));
            }
        }
        out.println(line);
    }
}
