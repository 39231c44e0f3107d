package dev.webserv.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Median and range of a figure over repeated runs, and the number formats of the report.
 */
record Stats(double min, double median, double max, int count) {

	static final Stats NONE = new Stats(Double.NaN, Double.NaN, Double.NaN, 0);

	/**
	 * The statistics of one figure over some runs; NaN values (not measured) are left
	 * out.
	 */
	static <T> Stats of(List<T> runs, ToDoubleFunction<T> figure) {
		double[] values = runs.stream().mapToDouble(figure).filter(Double::isFinite).sorted().toArray();
		if (values.length == 0) {
			return NONE;
		}
		int n = values.length;
		double median = (n % 2 == 1) ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
		return new Stats(values[0], median, values[n - 1], n);
	}

	static Stats of(double... values) {
		return of(Arrays.stream(values).boxed().toList(), Double::doubleValue);
	}

	/** "min..max" in the given format, or "-" with fewer than two runs. */
	String range(String format) {
		return (count < 2) ? "-" : format(format, min) + ".." + format(format, max);
	}

	static String format(String format, double value) {
		return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "-";
	}

	/** Thousands separated, no decimals: 105,632. */
	static String whole(double value) {
		return format("%,.0f", value);
	}

}
