package dev.webserv.bench.report;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The tls section's lines: their own load table, the handshake table, and the ratios. */
class TlsReportTest {

	private static final List<String> REFERENCES = List.of("nginx", "nginx-static", "nginx-tls", "nginx-tls-static");

	@Test
	void tlsLoadRunsGetATableOfTheirOwnWithRatiosToNginxOverTls() {
		String md = BenchReport.render(runs(), REFERENCES, "test").markdown();
		assertThat(md).contains("### `/`, c64: connections 64, pipeline depth 1");
		assertThat(md).contains("### `/`, c64 over TLS: connections 64, pipeline depth 1");
		assertThat(md)
			.contains("| server | version | runs | req/s | req/cpu-s | req/cpu-s min..max | ratio to nginx-tls |");
		assertThat(md).contains("| webserv-tls | w | 2 | 55,000 | 55,000 | 50,000..60,000 | 0.69x | 0.63..0.75 |");
		assertThat(md).contains("| nginx | n | 1 | 100,000 | 100,000 | - | 1.00x |");
	}

	@Test
	void handshakesGetConnectionsPerServerCpuSecondAndRatios() {
		String md = BenchReport.render(runs(), REFERENCES, "test").markdown();
		assertThat(md).contains("## Full TLS handshakes (openssl s_time -new)");
		assertThat(md)
			.contains("| server | version | runs | hs/s | hs/cpu-s | hs/cpu-s min..max | ratio to nginx-tls |");
		assertThat(md).contains("| webserv-tls | w | 1 | 300 | 600 | - | 0.50x | - | - | - | 0.50 | 0.50 |");
	}

	@Test
	void allocationUnderTlsLoadIsPerServerAndMarkedAsTls() {
		String md = BenchReport.render(runs(), REFERENCES, "test").markdown();
		assertThat(md).contains("| `/` | c64 | webserv-tls | 2 | 500 | 400..600 |");
	}

	private static List<Measurement> runs() {
		return List.of(line("load", "webserv-tls", "w", 1, 500_000, 10, ",\"allocated_bytes\":200000000"),
				line("load", "nginx-tls", "n", 1, 800_000, 10, ""),
				line("load", "webserv-tls", "w", 2, 600_000, 10, ",\"allocated_bytes\":360000000"),
				line("load", "nginx-tls", "n", 2, 800_000, 10, ""), plain("nginx", 1_000_000),
				line("handshake", "webserv-tls", "w", 1, 3_000, 5, ""),
				line("handshake", "nginx-tls", "n", 1, 6_000, 5, ""));
	}

	private static Measurement line(String kind, String server, String version, int round, long requests, double cpu,
			String extra) {
		return parse("{\"kind\":\"" + kind + "\",\"transport\":\"tls\",\"server\":\"" + server
				+ "\",\"server_version\":\"" + version + "\",\"path\":\"/\",\"scenario\":\"c64\",\"connections\":64,"
				+ "\"pipeline\":1,\"round\":" + round + ",\"requests\":" + requests + ",\"duration_s\":10,"
				+ "\"wall_s\":10,\"server_cpu_s\":" + cpu + ",\"client_cpu_s\":5,\"machine_cpu_s\":" + (cpu + 5) + extra
				+ "}");
	}

	private static Measurement plain(String server, long requests) {
		return parse("{\"kind\":\"load\",\"server\":\"" + server + "\",\"server_version\":\"n\",\"path\":\"/\","
				+ "\"scenario\":\"c64\",\"connections\":64,\"pipeline\":1,\"round\":1,\"requests\":" + requests
				+ ",\"duration_s\":10,\"wall_s\":10,\"server_cpu_s\":10,\"client_cpu_s\":5,\"machine_cpu_s\":15}");
	}

	private static Measurement parse(String json) {
		return new Measurement(JsonMapper.builder().build().readTree(json));
	}

}
