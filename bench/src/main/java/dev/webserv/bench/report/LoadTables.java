package dev.webserv.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The load runs (wrk against one server): a table per path and scenario with requests per
 * server-CPU-second, its noise over the rounds and its ratio to the reference server; and
 * the scaling curves over the connection counts.
 */
final class LoadTables {

	private LoadTables() {
	}

	static String tables(List<Measurement> all, List<String> references) {
		StringBuilder md = new StringBuilder();
		Map<String, List<Measurement>> groups = groupBy(ofKind(all, "load"), Measurement::loadGroup);
		for (List<Measurement> group : groups.values()) {
			Map<String, List<Measurement>> servers = groupBy(group, Measurement::server);
			String reference = references.stream().filter(servers::containsKey).findFirst().orElse(null);
			Measurement first = group.get(0);
			md.append(String.format("### `%s`, %s%s: connections %s, pipeline depth %s%n%n", first.text("path"),
					first.text("scenario"), first.overTls() ? " over TLS" : "",
					Stats.whole(first.number("connections")), Stats.whole(first.number("pipeline"))));
			md.append(rows(servers, reference, "req"));
		}
		return md.toString();
	}

	/**
	 * The full TLS handshakes of the tls section (a new connection, no resumption, one
	 * request each): connections per server-CPU-second and their ratio to the reference.
	 */
	static String handshakes(List<Measurement> all, List<String> references) {
		Map<String, List<Measurement>> servers = groupBy(ofKind(all, "handshake"), Measurement::server);
		if (servers.isEmpty()) {
			return "";
		}
		String reference = references.stream().filter(servers::containsKey).findFirst().orElse(null);
		return rows(servers, reference, "hs");
	}

	/** A table of one row per server; {@code unit} names what req/s counts. */
	static String rows(Map<String, List<Measurement>> servers, String reference, String unit) {
		StringBuilder md = new StringBuilder();
		md.append("| server | version | runs | " + unit + "/s | " + unit + "/cpu-s | " + unit
				+ "/cpu-s min..max | ratio to ")
			.append(reference == null ? "reference" : reference)
			.append(" | ratio min..max (per round) | p50 ms | p99 ms | server cores | client cores | others | errors |\n");
		md.append(
				"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Map.Entry<String, List<Measurement>> e : servers.entrySet()) {
			md.append(row(e.getKey(), e.getValue(), (reference != null) ? servers.get(reference) : List.of()))
				.append('\n');
		}
		return md.append('\n').toString();
	}

	/** One server's row in a scenario's table. */
	static String row(String server, List<Measurement> runs, List<Measurement> referenceRuns) {
		Stats rpc = Stats.of(runs, Measurement::requestsPerCpuSecond);
		Stats refRpc = Stats.of(referenceRuns, Measurement::requestsPerCpuSecond);
		Stats perRound = Stats.of(roundRatios(runs, referenceRuns, Measurement::requestsPerCpuSecond));
		long errors = runs.stream().mapToLong(Measurement::errors).sum();
		return String.join(" | ", "| " + server, runs.get(0).text("server_version"), String.valueOf(runs.size()),
				Stats.whole(Stats.of(runs, Measurement::requestsPerSecond).median()), Stats.whole(rpc.median()),
				rpc.range("%,.0f"), Stats.format("%.2fx", rpc.median() / refRpc.median()), perRound.range("%.2f"),
				Stats.format("%.3f", Stats.of(runs, (m) -> m.latencyMillis("p50")).median()),
				Stats.format("%.3f", Stats.of(runs, (m) -> m.latencyMillis("p99")).median()),
				Stats.format("%.2f", Stats.of(runs, Measurement::serverCores).median()),
				Stats.format("%.2f", Stats.of(runs, Measurement::clientCores).median()),
				Stats.format("%.2f", Stats.of(runs, Measurement::otherCores).max()), errors + " |");
	}

	/** A figure over the reference's in the same round, for every round both ran. */
	static double[] roundRatios(List<Measurement> runs, List<Measurement> referenceRuns,
			ToDoubleFunction<Measurement> figure) {
		Map<Double, Double> reference = new TreeMap<>();
		for (Measurement m : referenceRuns) {
			reference.put(m.number("round"), figure.applyAsDouble(m));
		}
		return runs.stream()
			.filter((m) -> reference.containsKey(m.number("round")))
			.mapToDouble((m) -> figure.applyAsDouble(m) / reference.get(m.number("round")))
			.toArray();
	}

	/**
	 * The scaling curves of the single-request runs on "/": throughput, req/cpu-s and p99
	 * over connections, one series per server. Empty with fewer than two connection
	 * counts.
	 */
	static Map<String, SvgChart> scalingCharts(List<Measurement> all) {
		List<Measurement> runs = ofKind(all, "load").stream()
			.filter((m) -> m.text("path").equals("/") && m.number("pipeline") == 1)
			.toList();
		Map<String, SvgChart> charts = new LinkedHashMap<>();
		if (runs.stream().mapToDouble((m) -> m.number("connections")).distinct().count() < 2) {
			return charts;
		}
		charts.put("scaling-throughput.svg", curve(runs, "Throughput by keep-alive connections", "requests per second",
				false, Measurement::requestsPerSecond));
		charts.put("scaling-cpu.svg", curve(runs, "Requests per server-CPU-second by connections",
				"requests per server-CPU-second", false, Measurement::requestsPerCpuSecond));
		charts.put("scaling-p99.svg", curve(runs, "p99 latency by connections", "p99 latency, ms (log)", true,
				(m) -> m.latencyMillis("p99")));
		return charts;
	}

	private static SvgChart curve(List<Measurement> runs, String title, String yLabel, boolean logY,
			ToDoubleFunction<Measurement> figure) {
		SvgChart chart = new SvgChart(title, "connections (log)", yLabel, true, logY);
		groupBy(runs, Measurement::server).forEach((server, serverRuns) -> {
			List<SvgChart.Point> points = new ArrayList<>();
			groupBy(serverRuns, (m) -> m.text("connections")).forEach((connections, atCount) -> points
				.add(new SvgChart.Point(atCount.get(0).number("connections"), Stats.of(atCount, figure).median())));
			chart.add(server, points);
		});
		return chart;
	}

	static List<Measurement> ofKind(List<Measurement> all, String kind) {
		return all.stream().filter((m) -> m.kind().equals(kind)).toList();
	}

	/** Groups in the order of first appearance. */
	static Map<String, List<Measurement>> groupBy(List<Measurement> runs, Function<Measurement, String> key) {
		Map<String, List<Measurement>> groups = new LinkedHashMap<>();
		for (Measurement m : runs) {
			groups.computeIfAbsent(key.apply(m), (k) -> new ArrayList<>()).add(m);
		}
		return groups;
	}

}
