package dev.webserv.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON line of a results file, with the derived figures the report prints. Absent
 * numbers are NaN, so a record from an older run still renders (as "-").
 */
record Measurement(JsonNode json) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/**
	 * Every line of a JSON-lines file; blank lines are skipped, a bad line names itself.
	 */
	static List<Measurement> read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Measurement> all = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty()) {
				continue;
			}
			try {
				all.add(new Measurement(MAPPER.readTree(line)));
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException(
						file + " line " + (i + 1) + " is not JSON: " + ex.getOriginalMessage(), ex);
			}
		}
		return all;
	}

	String text(String field) {
		JsonNode node = json.path(field);
		return node.isValueNode() ? node.asString() : "";
	}

	/** A number at a path of field names, NaN when absent or not a number. */
	double number(String... path) {
		JsonNode node = json;
		for (String field : path) {
			node = node.path(field);
		}
		return node.isNumber() ? node.doubleValue() : Double.NaN;
	}

	String kind() {
		return text("kind");
	}

	String server() {
		return text("server");
	}

	/** The table a load run belongs to: its path and scenario, and whether over TLS. */
	String loadGroup() {
		return text("path") + " " + text("scenario") + (overTls() ? " tls" : "");
	}

	/** Whether the run spoke TLS (the tls section marks its lines). */
	boolean overTls() {
		return text("transport").equals("tls");
	}

	double requestsPerCpuSecond() {
		return number("requests") / number("server_cpu_s");
	}

	double requestsPerSecond() {
		return number("requests") / number("duration_s");
	}

	double serverCores() {
		return number("server_cpu_s") / number("wall_s");
	}

	double clientCores() {
		return number("client_cpu_s") / number("wall_s");
	}

	/** Cores used by everything but the server and the load generator during the run. */
	double otherCores() {
		double others = number("machine_cpu_s") - number("server_cpu_s") - number("client_cpu_s");
		return Math.max(0, others) / number("wall_s");
	}

	/** A latency percentile in milliseconds; NaN when wrk lost it (it then reports 0). */
	double latencyMillis(String percentile) {
		double micros = number("latency_us", percentile);
		return micros > 0 ? micros / 1000 : Double.NaN;
	}

	long errors() {
		long sum = 0;
		for (JsonNode count : json.path("errors")) {
			sum += count.asLong();
		}
		return sum;
	}

}
