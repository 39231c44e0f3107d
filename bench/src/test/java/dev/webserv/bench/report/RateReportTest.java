package dev.webserv.bench.report;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate section's lines: CPU per request at each offered rate, ratios, charts. */
class RateReportTest {

	private static final List<String> REFERENCES = List.of("nginx", "nginx-static");

	@Test
	void theSummaryGivesServerMicrosecondsPerRequestAndTheRatioAtEachRate() {
		String md = BenchReport.render(runs(), REFERENCES, "test").markdown();
		assertThat(md).contains("## Fixed request rates (RateClient, open loop)");
		assertThat(md).contains("| server | µs/req at 40k | ratio | µs/req at 80k | ratio |");
		assertThat(md).contains("| webserv | 5.50 | 1.15x | 5.71 (short) | 1.09x |");
		assertThat(md).contains("| nginx | 6.25 | 1.00x | 6.25 | 1.00x |");
	}

	@Test
	void eachRateHasATableWithTheLoadColumnsAndPerRoundRatios() {
		String md = BenchReport.render(runs(), REFERENCES, "test").markdown();
		assertThat(md).contains("### `/`, c64@40k: 40,000 req/s offered on 64 connections");
		assertThat(md).contains("| webserv | w | 2 | 40,000 | 183,333 | 166,667..200,000 | 1.15x | 1.04..1.25 | 0.100 "
				+ "| 0.900 | 0.22 | 0.30 |");
		assertThat(md).contains("### `/`, c64@80k: 80,000 req/s offered on 64 connections");
		assertThat(md).contains("| webserv | w | 1 | 70,000 | 175,000 | - | 1.09x |");
	}

	@Test
	void theChartsHaveALinePerServerOverTheOfferedRate() throws Exception {
		BenchReport.Rendered rendered = BenchReport.render(runs(), REFERENCES, "test");
		assertThat(rendered.charts()).containsOnlyKeys("rate-server-cores.svg", "rate-cpu-per-request.svg");
		assertThat(BenchReportTest.polylines(rendered.charts().get("rate-server-cores.svg")).getLength()).isEqualTo(2);
		assertThat(BenchReportTest.polylines(rendered.charts().get("rate-cpu-per-request.svg")).getLength())
			.isEqualTo(2);
		assertThat(rendered.charts().get("rate-server-cores.svg")).contains("offered requests per second");
	}

	private static List<Measurement> runs() {
		return List.of(line("webserv", "w", 40_000, 1, 400_000, 400_000, 2.0),
				line("nginx", "n", 40_000, 1, 400_000, 400_000, 2.5),
				line("webserv", "w", 40_000, 2, 400_000, 400_000, 2.4),
				line("nginx", "n", 40_000, 2, 400_000, 400_000, 2.5),
				line("webserv", "w", 80_000, 1, 800_000, 700_000, 4.0),
				line("nginx", "n", 80_000, 1, 800_000, 800_000, 5.0));
	}

	private static Measurement line(String server, String version, int rate, int round, long offered, long requests,
			double cpu) {
		return new Measurement(JsonMapper.builder()
			.build()
			.readTree("{\"kind\":\"rate\",\"server\":\"" + server + "\",\"server_version\":\"" + version
					+ "\",\"scenario\":\"c64@" + rate / 1000 + "k\",\"path\":\"/\",\"connections\":64,\"pipeline\":1,"
					+ "\"round\":" + round + ",\"rate\":" + rate + ",\"offered\":" + offered + ",\"requests\":"
					+ requests + ",\"duration_s\":10,\"wall_s\":10,\"server_cpu_s\":" + cpu + ",\"client_cpu_s\":3,"
					+ "\"machine_cpu_s\":" + (cpu + 3) + ",\"errors\":{\"read\":0},"
					+ "\"latency_us\":{\"p50\":100,\"p99\":900}}"));
	}

}
