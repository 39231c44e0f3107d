package dev.webserv.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The tables of the runs that are not wrk load: idle connections (heap, RSS, idle CPU),
 * allocation per request, single large-file streams and JMH.
 */
final class OtherTables {

	private static final double MIB = 1024 * 1024;

	private OtherTables() {
	}

	static String idle(List<Measurement> all) {
		List<Measurement> runs = LoadTables.ofKind(all, "idle");
		if (runs.isEmpty()) {
			return "";
		}
		StringBuilder md = new StringBuilder("| server | idle connections | open | live heap MiB | heap B/connection "
				+ "| RSS MiB | RSS B/connection | idle CPU % of a core | runs |\n"
				+ "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		LoadTables.groupBy(runs, (m) -> m.server() + " " + m.text("connections")).values().forEach((level) -> {
			Measurement first = level.get(0);
			md.append(
					String
						.join(" | ", "| " + first.server(), Stats.whole(first.number("connections")),
								Stats.whole(Stats.of(level,
										(m) -> m.number("open"))
									.median()),
								Stats.format("%.1f",
										Stats.of(level, (m) -> m.number("heap_after_bytes") / MIB).median()),
								Stats.whole(Stats.of(level, OtherTables::heapPerConnection).median()),
								Stats.format("%.1f", Stats.of(level, (m) -> m.number("rss_after_kib") / 1024).median()),
								Stats.whole(Stats.of(level, OtherTables::rssPerConnection).median()),
								Stats.format("%.2f", Stats.of(level, OtherTables::idleCpuPercent).median()),
								level.size() + " |"))
				.append('\n');
		});
		return md.append('\n').toString();
	}

	/**
	 * Live heap and RSS (MiB) by idle connections, a series for each server and measure;
	 * the point at 0 is the median of the figures before the connections were opened.
	 */
	static SvgChart idleChart(List<Measurement> all) {
		SvgChart chart = new SvgChart("Memory by idle keep-alive connections", "idle connections", "MiB", false, false);
		LoadTables.groupBy(LoadTables.ofKind(all, "idle"), Measurement::server).forEach((server, runs) -> {
			chart.add(server + " heap", points(runs, (m) -> m.number("heap_before_bytes") / MIB,
					(m) -> m.number("heap_after_bytes") / MIB));
			chart.add(server + " RSS",
					points(runs, (m) -> m.number("rss_before_kib") / 1024, (m) -> m.number("rss_after_kib") / 1024));
		});
		return chart;
	}

	private static List<SvgChart.Point> points(List<Measurement> runs, ToDoubleFunction<Measurement> before,
			ToDoubleFunction<Measurement> after) {
		List<SvgChart.Point> points = new ArrayList<>();
		points.add(new SvgChart.Point(0, Stats.of(runs, before).median()));
		LoadTables.groupBy(runs, (m) -> m.text("connections"))
			.forEach((count, level) -> points
				.add(new SvgChart.Point(level.get(0).number("connections"), Stats.of(level, after).median())));
		return points;
	}

	private static double heapPerConnection(Measurement m) {
		return (m.number("heap_after_bytes") - m.number("heap_before_bytes")) / m.number("open");
	}

	private static double rssPerConnection(Measurement m) {
		return (m.number("rss_after_kib") - m.number("rss_before_kib")) * 1024 / m.number("open");
	}

	private static double idleCpuPercent(Measurement m) {
		return m.number("idle_cpu_s") / m.number("idle_seconds") * 100;
	}

	static String allocation(List<Measurement> all) {
		List<Measurement> runs = LoadTables.ofKind(all, "alloc");
		if (runs.isEmpty()) {
			return "";
		}
		StringBuilder md = new StringBuilder("| server | pipeline depth | requests | bytes allocated per request "
				+ "| min..max | in-process req/s |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
		LoadTables.groupBy(runs, (m) -> m.server() + " " + m.text("pipeline")).values().forEach((same) -> {
			Stats bytes = Stats.of(same, (m) -> m.number("bytes_per_request"));
			md.append(String.join(" | ", "| " + same.get(0).server(), Stats.whole(same.get(0).number("pipeline")),
					Stats.whole(same.get(0).number("requests")), Stats.format("%,.1f", bytes.median()),
					bytes.range("%,.1f"),
					Stats.whole(Stats.of(same, (m) -> m.number("requests_per_s")).median()) + " |"))
				.append('\n');
		});
		return md.append('\n').toString();
	}

	/**
	 * Allocation per request under load: the load runs that carry the server JVM's
	 * allocated bytes (before and after, the WebFlux app's {@code /alloc}), per path,
	 * scenario and server.
	 */
	static String loadAllocation(List<Measurement> all) {
		List<Measurement> runs = LoadTables.ofKind(all, "load")
			.stream()
			.filter((m) -> m.json().path("allocated_bytes").isNumber())
			.toList();
		if (runs.isEmpty()) {
			return "";
		}
		StringBuilder md = new StringBuilder("| path | scenario | server | runs | bytes allocated per request "
				+ "| min..max |\n| --- | --- | --- | ---: | ---: | ---: |\n");
		LoadTables.groupBy(runs, (m) -> m.loadGroup() + " " + m.server()).values().forEach((same) -> {
			Measurement first = same.get(0);
			Stats bytes = Stats.of(same, (m) -> m.number("allocated_bytes") / m.number("requests"));
			md.append(String.join(" | ", "| `" + first.text("path") + "`", first.text("scenario"), first.server(),
					String.valueOf(same.size()), Stats.format("%,.0f", bytes.median()), bytes.range("%,.0f") + " |"))
				.append('\n');
		});
		return md.append('\n').toString();
	}

	static String streams(List<Measurement> all) {
		List<Measurement> runs = LoadTables.ofKind(all, "stream");
		if (runs.isEmpty()) {
			return "";
		}
		StringBuilder md = new StringBuilder(
				"| server | path | MiB | GB/s (best) | server CPU s per GiB (median) | runs |\n"
						+ "| --- | --- | ---: | ---: | ---: | ---: |\n");
		LoadTables.groupBy(runs, (m) -> m.server() + " " + m.text("path")).values().forEach((same) -> {
			Measurement first = same.get(0);
			md.append(
					String
						.join(" | ", "| " + first.server(), "`" + first.text("path") + "`",
								Stats.whole(first.number("bytes") / MIB),
								Stats.format("%.2f",
										Stats.of(same, (m) -> m.number("bytes") / m.number("wall_s") / 1e9).max()),
								Stats.format("%.3f",
										Stats
											.of(same,
													(m) -> m.number("server_cpu_s")
															/ (m.number("bytes") / (MIB * 1024)))
											.median()),
								same.size() + " |"))
				.append('\n');
		});
		return md.append('\n').toString();
	}

	static String jmh(List<Measurement> all) {
		List<Measurement> runs = new ArrayList<>(LoadTables.ofKind(all, "jmh"));
		if (runs.isEmpty()) {
			return "";
		}
		runs.sort(Comparator.comparing((Measurement m) -> m.text("benchmark")));
		StringBuilder md = new StringBuilder("| benchmark | params | ops/s | B/op |\n| --- | --- | ---: | ---: |\n");
		for (Measurement m : runs) {
			String benchmark = m.text("benchmark");
			md.append(String.join(" | ",
					"| " + benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1),
					params(m), Stats.whole(m.number("ops_per_s")),
					Stats.format("%.1f", m.number("bytes_per_op")) + " |"))
				.append('\n');
		}
		return md.append('\n').toString();
	}

	private static String params(Measurement m) {
		List<String> pairs = new ArrayList<>();
		for (Map.Entry<String, tools.jackson.databind.JsonNode> e : m.json().path("params").properties()) {
			pairs.add(e.getKey() + "=" + e.getValue().asString());
		}
		return pairs.isEmpty() ? "-" : String.join(", ", pairs);
	}

}
