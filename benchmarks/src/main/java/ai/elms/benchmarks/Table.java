package ai.elms.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain text table: a {@code # title} line, a header, a dashed rule and right-aligned
 * rows, so it reads in a terminal and pastes into Markdown as a code block.
 */
public final class Table {

	private final String title;

	private final List<String> columns;

	private final List<List<String>> rows = new ArrayList<>();

	public Table(String title, String... columns) {
		this.title = title;
		this.columns = List.of(columns);
	}

	public Table row(Object... cells) {
		if (cells.length != this.columns.size()) {
			throw new IllegalArgumentException(
					"a row of " + this.title + " needs " + this.columns.size() + " cells, got " + cells.length);
		}
		List<String> row = new ArrayList<>();
		for (Object cell : cells) {
			row.add(String.valueOf(cell));
		}
		this.rows.add(row);
		return this;
	}

	public void print(PrintStream out) {
		int[] widths = new int[this.columns.size()];
		for (int c = 0; c < widths.length; c++) {
			widths[c] = this.columns.get(c).length();
			for (List<String> row : this.rows) {
				widths[c] = Math.max(widths[c], row.get(c).length());
			}
		}
		out.println("# " + this.title);
		out.println(line(this.columns, widths));
		List<String> rule = new ArrayList<>();
		for (int width : widths) {
			rule.add("-".repeat(width));
		}
		out.println(String.join("  ", rule));
		for (List<String> row : this.rows) {
			out.println(line(row, widths));
		}
		out.println();
	}

	/** A number with a fixed count of decimals, the same on every locale. */
	public static String number(double value, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

	private static String line(List<String> cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int c = 0; c < cells.size(); c++) {
			if (c > 0) {
				line.append("  ");
			}
			line.append(" ".repeat(widths[c] - cells.get(c).length())).append(cells.get(c));
		}
		return line.toString();
	}

}
