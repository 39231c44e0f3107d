package dev.webserv.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * Renders a bench run's JSON lines (written by bench/run.sh, one measurement a line) as a
 * markdown report with ratios and noise, and its curves as SVG charts, next to each other
 * in one directory.
 *
 * <p>
 * Arguments: {@code RESULTS.jsonl [--out DIR] [--reference SERVER[,SERVER...]]}. The out
 * directory defaults to the results file's; the reference (default
 * {@code nginx,nginx-static,nginx-tls,nginx-tls-static}) is, in each table, the first of
 * the named servers that ran there: the ratios divide by its requests per
 * server-CPU-second.
 */
public final class BenchReport {

	private BenchReport() {
	}

	/** The report and its charts (file name to SVG document). */
	record Rendered(String markdown, Map<String, String> charts) {
	}

	public static void main(String[] args) throws IOException {
		Path results = null;
		Path out = null;
		List<String> references = List.of("nginx", "nginx-static", "nginx-tls", "nginx-tls-static");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--out" -> out = Path.of(args[++i]);
				case "--reference" -> references = Arrays.asList(args[++i].split(","));
				default -> results = Path.of(args[i]);
			}
		}
		if (results == null) {
			System.err.println("usage: BenchReport RESULTS.jsonl [--out DIR] [--reference SERVER[,SERVER...]]");
			System.exit(2);
		}
		out = (out != null) ? out : results.toAbsolutePath().getParent();
		Files.createDirectories(out);
		Rendered rendered = render(Measurement.read(results), references, results.getFileName().toString());
		Files.writeString(out.resolve("report.md"), rendered.markdown());
		for (Map.Entry<String, String> chart : rendered.charts().entrySet()) {
			Files.writeString(out.resolve(chart.getKey()), chart.getValue());
		}
		System.out.println("report: " + out.resolve("report.md") + " and " + rendered.charts().size() + " charts");
	}

	static Rendered render(List<Measurement> all, List<String> references, String source) {
		Map<String, SvgChart> charts = new LinkedHashMap<>(LoadTables.scalingCharts(all));
		charts.putAll(RateTables.charts(all));
		SvgChart idle = OtherTables.idleChart(all);
		if (!idle.isEmpty()) {
			charts.put("idle-memory.svg", idle);
		}
		StringBuilder md = new StringBuilder(header(all, source));
		section(md, "Load (wrk)", LoadTables.tables(all, references),
				"req/cpu-s: requests / server CPU seconds (the comparable figure on a shared machine); ratio: "
						+ "median req/cpu-s / the reference's; per round: each round's ratio to the reference's run in "
						+ "the same round; p50, p99: medians over the runs (with pipelining wrk times a whole batch; "
						+ "`-`: wrk lost the percentile); cores: CPU seconds / wall seconds; others: the most any run "
						+ "saw used by everything else.");
		section(md, "Fixed request rates (RateClient, open loop)", RateTables.tables(all, references),
				"µs/req: server CPU microseconds per request answered in the window, median over the runs; ratio: "
						+ "the server's median req/cpu-s / the reference's at the same offered rate (above 1: less "
						+ "CPU per request); (short): some run answered less than 98% of the requests offered in its "
						+ "window (server or client saturated: see its cores). In the tables per rate, req/s is the rate "
						+ "answered and p50, p99 run from each request's due time, not its send time.");
		section(md, "Full TLS handshakes (openssl s_time -new)", LoadTables.handshakes(all, references),
				"hs: connections, each a full TLS handshake (no resumption) and one HTTP/1.0 request the server "
						+ "answers and closes; hs/cpu-s: per server CPU second (the comparable figure); s_time "
						+ "measures no latency.");
		StringBuilder images = new StringBuilder();
		charts.keySet().forEach((name) -> images.append("![").append(name).append("](").append(name).append(")\n\n"));
		section(md, "Charts", images.toString(), null);
		section(md, "Idle keep-alive connections", OtherTables.idle(all),
				"Heap: live heap after a full GC (jcmd GC.class_histogram); per connection: (after - before) / open.");
		section(md, "Allocation per request (AllocationPerRequest, in one JVM)", OtherTables.allocation(all), null);
		section(md, "Allocation per request under load (the server JVM's allocated bytes before and after)",
				OtherTables.loadAllocation(all),
				"Everything the server's JVM allocated during the run (all threads), divided by the requests.");
		section(md, "Server-sent events (SseClients)", SseTable.table(all, references),
				"events/cpu-s: events delivered in the window / server CPU seconds over it; latency: arrival minus the "
						+ "publishing time in the event, medians over the runs; missed: sequence gaps (events dropped "
						+ "for a subscriber without demand), summed; RSS and live heap with every subscriber attached.");
		section(md, "Single large-file streams (curl)", OtherTables.streams(all), null);
		section(md, "JMH", OtherTables.jmh(all), null);
		Map<String, String> svg = new LinkedHashMap<>();
		charts.forEach((name, chart) -> svg.put(name, chart.render()));
		return new Rendered(md.toString(), svg);
	}

	private static void section(StringBuilder md, String title, String body, String note) {
		if (body.isBlank()) {
			return;
		}
		md.append("## ").append(title).append("\n\n").append(body);
		if (note != null) {
			md.append(note).append("\n\n");
		}
	}

	/** What was measured, on what, when: the distinct values of the run's metadata. */
	private static String header(List<Measurement> all, String source) {
		StringBuilder md = new StringBuilder("# Bench report\n\n");
		String labels = distinctOf(all, (m) -> m.text("label"));
		if (!labels.equals("-")) {
			md.append("**").append(labels).append("**\n\n");
		}
		TreeSet<String> times = new TreeSet<>();
		all.forEach((m) -> times.add(m.text("time")));
		times.remove("");
		md.append("| | |\n| --- | --- |\n");
		md.append("| source | `").append(source).append("`, ").append(all.size()).append(" measurements |\n");
		if (!times.isEmpty()) {
			md.append("| time | ").append(times.first()).append(" .. ").append(times.last()).append(" |\n");
		}
		for (String field : List.of("commit", "dirty", "jdk", "java_opts", "wrk", "run")) {
			md.append("| ").append(field).append(" | ").append(distinctOf(all, (m) -> m.text(field))).append(" |\n");
		}
		md.append("| machine | ").append(distinctOf(all, BenchReport::machine)).append(" |\n\n");
		return md.toString();
	}

	private static String machine(Measurement m) {
		JsonNode machine = m.json().path("machine");
		if (!machine.isObject()) {
			return "";
		}
		return machine.path("cpu").asString("") + ", " + machine.path("cores").asString("") + " cores, Linux "
				+ machine.path("kernel").asString("");
	}

	private static String distinctOf(List<Measurement> all, java.util.function.Function<Measurement, String> value) {
		List<String> values = new ArrayList<>();
		for (Measurement m : all) {
			String v = value.apply(m);
			if (!v.isEmpty() && !values.contains(v)) {
				values.add(v);
			}
		}
		return values.isEmpty() ? "-" : String.join("; ", values);
	}

}
