package dev.webserv.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A line chart as a standalone SVG document: one polyline with markers per series, axes
 * with ticks, a legend. Axes are linear from zero or logarithmic (decades); a log x axis
 * is ticked at the x values the data has (1, 64, 1,000, 10,000 connections).
 */
final class SvgChart {

	private static final int WIDTH = 760;

	private static final int HEIGHT = 440;

	private static final int LEFT = 80;

	private static final int RIGHT = 190;

	private static final int TOP = 40;

	private static final int BOTTOM = 60;

	private static final String[] COLORS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
			"#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };

	record Point(double x, double y) {
	}

	private record Series(String name, List<Point> points) {
	}

	private final String title;

	private final String xLabel;

	private final String yLabel;

	private final boolean logX;

	private final boolean logY;

	private final List<Series> series = new ArrayList<>();

	SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
		this.logX = logX;
		this.logY = logY;
	}

	/**
	 * Adds a series; points that cannot be drawn (NaN, or not positive on a log axis) are
	 * left out.
	 */
	SvgChart add(String name, List<Point> points) {
		List<Point> drawable = points.stream()
			.filter((p) -> Double.isFinite(p.x()) && Double.isFinite(p.y()))
			.filter((p) -> (!logX || p.x() > 0) && (!logY || p.y() > 0))
			.sorted((a, b) -> Double.compare(a.x(), b.x()))
			.toList();
		if (!drawable.isEmpty()) {
			series.add(new Series(name, drawable));
		}
		return this;
	}

	boolean isEmpty() {
		return series.isEmpty();
	}

	String render() {
		Axis x = logX ? Axis.log(values(true), true) : Axis.linear(values(true));
		Axis y = logY ? Axis.log(values(false), false) : Axis.linear(values(false));
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"sans-serif\" font-size=\"12\">%n",
				WIDTH, HEIGHT, WIDTH, HEIGHT));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
		text(svg, WIDTH / 2.0 - RIGHT / 2.0, 22, "middle", "font-size=\"15\" font-weight=\"bold\"", title);
		axes(svg, x, y);
		for (int i = 0; i < series.size(); i++) {
			line(svg, series.get(i), COLORS[i % COLORS.length], x, y);
			legend(svg, i, series.get(i).name(), COLORS[i % COLORS.length]);
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	private TreeSet<Double> values(boolean ofX) {
		TreeSet<Double> values = new TreeSet<>();
		for (Series s : series) {
			for (Point p : s.points()) {
				values.add(ofX ? p.x() : p.y());
			}
		}
		return values;
	}

	private void axes(StringBuilder svg, Axis x, Axis y) {
		double x0 = LEFT;
		double x1 = WIDTH - RIGHT;
		double y0 = HEIGHT - BOTTOM;
		double y1 = TOP;
		svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"black\"/>%n",
				x0, y1, y0, x1));
		for (double tick : x.ticks()) {
			double px = px(x, tick);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", px, y1, px, y0));
			text(svg, px, y0 + 16, "middle", "", label(tick));
		}
		for (double tick : y.ticks()) {
			double py = py(y, tick);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", x0, py, x1, py));
			text(svg, x0 - 6, py + 4, "end", "", label(tick));
		}
		text(svg, (x0 + x1) / 2, HEIGHT - 18, "middle", "", xLabel);
		svg.append(String.format(Locale.ROOT,
				"<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\">%s</text>%n",
				(y0 + y1) / 2, (y0 + y1) / 2, escape(yLabel)));
	}

	private void line(StringBuilder svg, Series s, String color, Axis x, Axis y) {
		StringBuilder points = new StringBuilder();
		for (Point p : s.points()) {
			points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(x, p.x()), py(y, p.y())));
		}
		svg.append(String.format(Locale.ROOT,
				"<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"><title>%s</title></polyline>%n",
				points.toString().strip(), color, escape(s.name())));
		for (Point p : s.points()) {
			svg.append(String.format(Locale.ROOT,
					"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: %s at %s</title></circle>%n",
					px(x, p.x()), py(y, p.y()), color, escape(s.name()), label(p.y()), label(p.x())));
		}
	}

	private void legend(StringBuilder svg, int index, String name, String color) {
		double lx = WIDTH - RIGHT + 16;
		double ly = TOP + 10 + index * 20;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>%n", lx, ly,
				lx + 18, ly, color));
		text(svg, lx + 24, ly + 4, "start", "", name);
	}

	private static double px(Axis x, double value) {
		return LEFT + x.fraction(value) * (WIDTH - RIGHT - LEFT);
	}

	private static double py(Axis y, double value) {
		return HEIGHT - BOTTOM - y.fraction(value) * (HEIGHT - BOTTOM - TOP);
	}

	private static void text(StringBuilder svg, double x, double y, String anchor, String attributes, String text) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n", x, y,
				anchor, attributes, escape(text)));
	}

	/** 1, 64, 1k, 10k, 1.5M, 0.25: short tick and tooltip labels. */
	static String label(double v) {
		double a = Math.abs(v);
		if (a >= 1e6) {
			return trim(v / 1e6) + "M";
		}
		if (a >= 1e3) {
			return trim(v / 1e3) + "k";
		}
		return trim(v);
	}

	private static String trim(double v) {
		String s = String.format(Locale.ROOT, "%.3g", v);
		if (s.contains(".") && !s.contains("e")) {
			s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
		}
		return s;
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** Where a value falls on an axis, 0 at the origin and 1 at the far end. */
	private record Axis(double low, double high, boolean log, List<Double> ticks) {

		static Axis linear(TreeSet<Double> values) {
			double max = values.isEmpty() ? 1 : Math.max(values.last(), 0);
			double step = niceStep(max > 0 ? max / 5 : 1);
			double high = Math.ceil(max / step) * step;
			if (high <= 0) {
				high = step;
			}
			List<Double> ticks = new ArrayList<>();
			for (double t = 0; t <= high + step / 2; t += step) {
				ticks.add(t);
			}
			return new Axis(0, high, false, ticks);
		}

		/**
		 * Decades around the data; on x (data at few points) the data values are the
		 * ticks.
		 */
		static Axis log(TreeSet<Double> values, boolean tickAtValues) {
			double min = values.isEmpty() ? 1 : values.first();
			double max = values.isEmpty() ? 10 : values.last();
			double low = Math.pow(10, Math.floor(Math.log10(min)));
			double high = Math.pow(10, Math.ceil(Math.log10(max)));
			if (high <= low) {
				high = low * 10;
			}
			List<Double> ticks = new ArrayList<>();
			if (tickAtValues) {
				ticks.addAll(values);
			}
			else {
				for (double t = low; t <= high * 1.001; t *= 10) {
					ticks.add(t);
				}
			}
			return new Axis(low, high, true, ticks);
		}

		private static double niceStep(double rough) {
			double decade = Math.pow(10, Math.floor(Math.log10(rough)));
			double r = rough / decade;
			double nice = (r <= 1) ? 1 : (r <= 2) ? 2 : (r <= 5) ? 5 : 10;
			return nice * decade;
		}

		double fraction(double value) {
			if (log) {
				return (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
			}
			return (value - low) / (high - low);
		}

	}

}
