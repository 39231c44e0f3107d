package dev.webserv.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The fixed-rate runs (the {@code rate} section, RateClient): server CPU per request at
 * each offered rate, its ratio to the reference server, and the curves of server CPU over
 * the offered rate.
 */
final class RateTables {

	/** Below this share of the offered rate answered, a rate counts as not sustained. */
	private static final double SUSTAINED = 0.98;

	private RateTables() {
	}

	/**
	 * A summary (server µs per request at each rate, with the ratio to the reference's
	 * requests per server-CPU-second), then a table per rate with the columns of the wrk
	 * load tables.
	 */
	static String tables(List<Measurement> all, List<String> references) {
		Map<Double, List<Measurement>> rates = byRate(LoadTables.ofKind(all, "rate"));
		if (rates.isEmpty()) {
			return "";
		}
		StringBuilder md = new StringBuilder(summary(rates, references));
		rates.forEach((rate, runs) -> {
			Map<String, List<Measurement>> servers = LoadTables.groupBy(runs, Measurement::server);
			Measurement first = runs.get(0);
			md.append(String.format("### `%s`, %s: %s req/s offered on %s connections%n%n", first.text("path"),
					first.text("scenario"), Stats.whole(rate), Stats.whole(first.number("connections"))));
			md.append(LoadTables.rows(servers, reference(servers, references), "req"));
		});
		return md.toString();
	}

	private static String summary(Map<Double, List<Measurement>> rates, List<String> references) {
		StringBuilder md = new StringBuilder("| server |");
		rates.keySet().forEach((rate) -> md.append(" µs/req at ").append(SvgChart.label(rate)).append(" | ratio |"));
		md.append("\n| --- |").append(" ---: | ---: |".repeat(rates.size())).append('\n');
		List<String> servers = new ArrayList<>();
		rates.values()
			.forEach((runs) -> runs.stream()
				.map(Measurement::server)
				.distinct()
				.filter((s) -> !servers.contains(s))
				.forEach(servers::add));
		for (String server : servers) {
			md.append("| ").append(server).append(" |");
			rates.values().forEach((runs) -> md.append(cell(server, runs, references)));
			md.append('\n');
		}
		return md.append('\n').toString();
	}

	/**
	 * A server's µs per request at one rate ("(short)" if not sustained) and its ratio.
	 */
	private static String cell(String server, List<Measurement> runs, List<String> references) {
		Map<String, List<Measurement>> servers = LoadTables.groupBy(runs, Measurement::server);
		List<Measurement> own = servers.getOrDefault(server, List.of());
		String reference = reference(servers, references);
		List<Measurement> referenceRuns = (reference != null) ? servers.get(reference) : List.of();
		double ratio = Stats.of(own, Measurement::requestsPerCpuSecond).median()
				/ Stats.of(referenceRuns, Measurement::requestsPerCpuSecond).median();
		boolean sustained = own.isEmpty() || Stats.of(own, RateTables::answeredShare).min() >= SUSTAINED;
		return " " + Stats.format("%.2f", Stats.of(own, RateTables::cpuMicrosPerRequest).median())
				+ (sustained ? "" : " (short)") + " | " + Stats.format("%.2fx", ratio) + " |";
	}

	/**
	 * Server cores and CPU per request over the offered rate, a line per server; empty
	 * without rate runs.
	 */
	static Map<String, SvgChart> charts(List<Measurement> all) {
		Map<String, SvgChart> charts = new LinkedHashMap<>();
		List<Measurement> runs = LoadTables.ofKind(all, "rate");
		if (runs.isEmpty()) {
			return charts;
		}
		charts.put("rate-server-cores.svg",
				curve(runs, "Server CPU by offered request rate", "server cores used", Measurement::serverCores));
		charts.put("rate-cpu-per-request.svg", curve(runs, "Server CPU per request by offered rate",
				"server CPU µs per request", RateTables::cpuMicrosPerRequest));
		return charts;
	}

	private static SvgChart curve(List<Measurement> runs, String title, String yLabel,
			ToDoubleFunction<Measurement> figure) {
		SvgChart chart = new SvgChart(title, "offered requests per second", yLabel, false, false);
		LoadTables.groupBy(runs, Measurement::server).forEach((server, serverRuns) -> {
			List<SvgChart.Point> points = new ArrayList<>();
			byRate(serverRuns)
				.forEach((rate, atRate) -> points.add(new SvgChart.Point(rate, Stats.of(atRate, figure).median())));
			chart.add(server, points);
		});
		return chart;
	}

	static double cpuMicrosPerRequest(Measurement m) {
		return m.number("server_cpu_s") * 1e6 / m.number("requests");
	}

	/** Responses in the window over the requests due in it. */
	private static double answeredShare(Measurement m) {
		return m.number("requests") / m.number("offered");
	}

	private static Map<Double, List<Measurement>> byRate(List<Measurement> runs) {
		Map<Double, List<Measurement>> rates = new TreeMap<>();
		runs.forEach((m) -> rates.computeIfAbsent(m.number("rate"), (r) -> new ArrayList<>()).add(m));
		return rates;
	}

	private static String reference(Map<String, List<Measurement>> servers, List<String> references) {
		return references.stream().filter(servers::containsKey).findFirst().orElse(null);
	}

}
