package dev.webserv.bench.report;

import java.util.List;
import java.util.Map;

/**
 * The server-sent event runs ({@code sse} lines: N subscribers to one shared ticker):
 * events delivered per server-CPU-second, its ratio to the reference's (median and per
 * round), the delivery latency, missed events and the server's memory with every
 * subscriber attached; a row per server and subscriber count.
 */
final class SseTable {

	private static final double MIB = 1024 * 1024;

	private SseTable() {
	}

	static String table(List<Measurement> all, List<String> references) {
		List<Measurement> runs = LoadTables.ofKind(all, "sse");
		if (runs.isEmpty()) {
			return "";
		}
		Map<String, List<Measurement>> servers = LoadTables.groupBy(runs, Measurement::server);
		String reference = references.stream().filter(servers::containsKey).findFirst().orElse(null);
		List<Measurement> referenceAll = (reference != null) ? servers.get(reference) : List.of();
		StringBuilder md = new StringBuilder("| server | subscribers | runs | events/s | events/cpu-s "
				+ "| events/cpu-s min..max | ratio to " + ((reference != null) ? reference : "reference")
				+ " | ratio min..max (per round) | latency p50 ms | p99 ms | p99.9 ms | max ms | missed "
				+ "| RSS MiB | live heap MiB |\n"
				+ "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		LoadTables.groupBy(runs, (m) -> m.server() + " " + m.text("subscribers")).values().forEach((same) -> {
			Measurement first = same.get(0);
			List<Measurement> referenceRuns = referenceAll.stream()
				.filter((m) -> m.text("subscribers").equals(first.text("subscribers")))
				.toList();
			Stats perCpu = Stats.of(same, SseTable::eventsPerCpuSecond);
			double referenceMedian = Stats.of(referenceRuns, SseTable::eventsPerCpuSecond).median();
			md.append(String.join(" | ", "| " + first.server(), Stats.whole(first.number("subscribers")),
					String.valueOf(same.size()),
					Stats.whole(Stats.of(same, (m) -> m.number("events") / m.number("window_s")).median()),
					Stats.whole(perCpu.median()), perCpu.range("%,.0f"),
					Stats.format("%.2fx", perCpu.median() / referenceMedian),
					Stats.of(LoadTables.roundRatios(same, referenceRuns, SseTable::eventsPerCpuSecond)).range("%.2f"),
					millis(same, "p50"), millis(same, "p99"), millis(same, "p999"), millis(same, "max"),
					Stats.whole(same.stream().mapToDouble((m) -> m.number("missed")).sum()),
					Stats.format("%.1f", Stats.of(same, (m) -> m.number("rss_kib") / 1024).median()),
					Stats.format("%.1f", Stats.of(same, (m) -> m.number("heap_bytes") / MIB).median()) + " |"))
				.append('\n');
		});
		return md.append('\n').toString();
	}

	private static double eventsPerCpuSecond(Measurement m) {
		return m.number("events") / m.number("server_cpu_s");
	}

	private static String millis(List<Measurement> runs, String percentile) {
		return Stats.format("%.1f", Stats.of(runs, (m) -> m.number("latency_us", percentile) / 1000).median());
	}

}
