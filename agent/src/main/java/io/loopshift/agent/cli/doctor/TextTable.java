package io.loopshift.agent.cli.doctor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, two spaces apart; numbers right-aligned, words left-aligned. */
public final class TextTable {
    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String[] headers, boolean[] rightAligned) {
        this.headers = headers.clone();
        this.rightAligned = rightAligned.clone();
    }

    public void add(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.length + " columns");
        }
        rows.add(cells.clone());
    }

    public void print(PrintStream out) {
        int[] widths = new int[headers.length];
        for (int column = 0; column < headers.length; column++) {
            widths[column] = headers[column].length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        printRow(out, headers, widths);
        for (String[] row : rows) {
            printRow(out, row, widths);
        }
    }

    private void printRow(PrintStream out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.length; column++) {
            if (column > 0) {
                line.append("  ");
            }
            String padding = " ".repeat(widths[column] - cells[column].length());
            line.append(rightAligned[column] ? padding + cells[column] : cells[column] + padding);
        }
        out.println(line.toString().stripTrailing());
    }
}
