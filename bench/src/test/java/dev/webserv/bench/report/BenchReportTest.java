package dev.webserv.bench.report;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchReportTest {

	private static final List<String> REFERENCE = List.of("nginx", "nginx-static");

	@Test
	void loadTableRowsCarryMediansNoiseAndRatiosPerRound() throws Exception {
		String md = render().markdown();
		assertThat(md)
			.contains("| server | version | runs | req/s | req/cpu-s | req/cpu-s min..max | ratio to nginx |");
		assertThat(md).contains("| webserv | webserv-core 0.1.0-SNAPSHOT | 2 | 105,000 | 115,000 | 110,000..120,000 "
				+ "| 1.15x | 1.10..1.20 | 0.310 | 1.100 | 0.92 | 0.90 | 0.10 | 2 |");
		assertThat(md).contains("| nginx | nginx/1.22.1 | 2 | 100,000 | 100,000 | 100,000..100,000 | 1.00x "
				+ "| 1.00..1.00 | 0.285 | 0.925 | 1.00 | 0.90 | 0.00 | 0 |");
	}

	@Test
	void aSingleRunHasNoRangeAndALostPercentileShowsAsADash() throws Exception {
		String md = render().markdown();
		assertThat(md).contains("### `/`, c1: connections 1, pipeline depth 1");
		assertThat(md).contains("| nginx | nginx/1.22.1 | 1 | 11,000 | 30,000 | - | 1.00x | - | 0.075 | - |");
		assertThat(md).contains(
				"| webserv | webserv-core 0.1.0-SNAPSHOT | 1 | 10,000 | 25,000 | - | 0.83x | - | 0.090 | 0.200 |");
	}

	@Test
	void idleAndAllocationTablesGivePerConnectionAndPerRequestFigures() throws Exception {
		String md = render().markdown();
		assertThat(md).contains("| webserv | 1,000 | 1,000 | 11.0 | 1,500 | 197.3 | 2,048 | 0.20 | 1 |");
		assertThat(md).contains("| nginx | 1,000 | 1,000 | - | - | 5.9 | 1,024 | 0.00 | 1 |");
		assertThat(md).contains("| webserv | 1 | 1,000,000 | 328.0 | - | 10,777 |");
	}

	@Test
	void loadRunsWithAllocatedBytesGiveBytesPerRequest() {
		List<Measurement> runs = List.of(load("webflux-webserv", 1, 1_000, 2_000_000L),
				load("webflux-webserv", 2, 1_000, 3_000_000L), load("webflux-netty", 1, 2_000, 10_000_000L),
				load("webflux-netty", 2, 1_000, null));
		String md = BenchReport.render(runs, List.of("webflux-netty"), "test").markdown();
		assertThat(md).contains("| `/hello` | c64 | webflux-webserv | 2 | 2,500 | 2,000..3,000 |");
		assertThat(md).contains("| `/hello` | c64 | webflux-netty | 1 | 5,000 | - |");
	}

	private static Measurement load(String server, int round, long requests, Long allocated) {
		String line = "{\"kind\":\"load\",\"server\":\"" + server + "\",\"path\":\"/hello\",\"scenario\":\"c64\","
				+ "\"connections\":64,\"pipeline\":1,\"round\":" + round + ",\"requests\":" + requests
				+ ",\"duration_s\":10,\"wall_s\":10,\"server_cpu_s\":1,\"client_cpu_s\":1,\"machine_cpu_s\":2"
				+ ((allocated != null) ? ",\"allocated_bytes\":" + allocated : "") + "}";
		return new Measurement(tools.jackson.databind.json.JsonMapper.builder().build().readTree(line));
	}

	@Test
	void sseRunsGiveEventsPerCpuSecondRatiosLatencyAndMemory() {
		List<Measurement> runs = List.of(sse("webflux-webserv", 1, 300_000, 2.0, 1_500),
				sse("webflux-webserv", 2, 300_000, 3.0, 2_500), sse("webflux-netty", 1, 300_000, 4.0, 3_000),
				sse("webflux-netty", 2, 300_000, 4.0, 5_000));
		String md = BenchReport.render(runs, List.of("webflux-netty"), "test").markdown();
		assertThat(md).contains("## Server-sent events (SseClients)");
		assertThat(md)
			.contains("| webflux-webserv | 1,000 | 2 | 10,000 | 125,000 | 100,000..150,000 | 1.67x | 1.33..2.00 "
					+ "| 2.0 | 9.0 | 9.5 | 12.0 | 2 | 200.0 | 64.0 |");
		assertThat(md).contains("| webflux-netty | 1,000 | 2 | 10,000 | 75,000 | 75,000..75,000 | 1.00x | 1.00..1.00 "
				+ "| 4.0 | 9.0 | 9.5 | 12.0 | 2 | 200.0 | 64.0 |");
	}

	private static Measurement sse(String server, int round, long events, double cpu, long p50) {
		String line = "{\"kind\":\"sse\",\"server\":\"" + server + "\",\"round\":" + round
				+ ",\"subscribers\":1000,\"window_s\":30,\"events\":" + events + ",\"missed\":1,\"server_cpu_s\":" + cpu
				+ ",\"latency_us\":{\"p50\":" + p50 + ",\"p90\":5000,\"p99\":9000,\"p999\":9500,"
				+ "\"max\":12000},\"rss_kib\":204800,\"heap_bytes\":67108864}";
		return new Measurement(tools.jackson.databind.json.JsonMapper.builder().build().readTree(line));
	}

	@Test
	void headerNamesTheLabelAndCommitOnce() throws Exception {
		String md = render().markdown();
		assertThat(md).startsWith("# Bench report\n\n**sample**\n\n");
		assertThat(md).contains("| commit | abc1234 |");
		assertThat(md).contains("| machine | AMD EPYC, 2 cores, Linux 6.18 |");
		assertThat(md).contains("| wrk | - |");
		assertThat(md).contains("| time | 2026-11-30T17:00:00Z .. 2026-11-30T17:00:10Z |");
	}

	@Test
	void chartsAreWellFormedSvgWithALinePerSeries() throws Exception {
		BenchReport.Rendered rendered = render();
		assertThat(rendered.charts()).containsOnlyKeys("scaling-throughput.svg", "scaling-cpu.svg", "scaling-p99.svg",
				"idle-memory.svg");
		assertThat(polylines(rendered.charts().get("scaling-throughput.svg")).getLength()).isEqualTo(2);
		assertThat(polylines(rendered.charts().get("idle-memory.svg")).getLength()).isEqualTo(3);
		NodeList throughput = polylines(rendered.charts().get("scaling-throughput.svg"));
		for (int i = 0; i < throughput.getLength(); i++) {
			for (String xy : ((Element) throughput.item(i)).getAttribute("points").split(" ")) {
				double x = Double.parseDouble(xy.split(",")[0]);
				double y = Double.parseDouble(xy.split(",")[1]);
				assertThat(x).isBetween(0.0, 760.0);
				assertThat(y).isBetween(0.0, 440.0);
			}
		}
		assertThat(rendered.markdown()).contains("![scaling-throughput.svg](scaling-throughput.svg)");
		Element webservHeap = (Element) polylines(rendered.charts().get("idle-memory.svg")).item(0);
		String[] heapPoints = webservHeap.getAttribute("points").split(" ");
		assertThat(heapPoints).hasSize(2);
		assertThat(heapPoints[0]).as("the point before any connection, at x = 0").startsWith("80.0,");
	}

	@Test
	void seriesNamesAreEscapedInSvg() throws Exception {
		String svg = new SvgChart("a < b & c", "x", "y", false, false)
			.add("netty \"epoll\" & <nio>", List.of(new SvgChart.Point(1, 2), new SvgChart.Point(2, 3)))
			.render();
		assertThat(polylines(svg).getLength()).isEqualTo(1);
		assertThat(svg).contains("netty &quot;epoll&quot; &amp; &lt;nio&gt;");
	}

	@Test
	void mainWritesTheReportAndChartsBesideTheResults(@TempDir Path dir) throws Exception {
		Path results = dir.resolve("results.jsonl");
		Files.copy(sample(), results);
		BenchReport.main(new String[] { results.toString() });
		assertThat(dir.resolve("report.md")).content().contains("| webserv | webserv-core 0.1.0-SNAPSHOT | 2 |");
		assertThat(dir.resolve("scaling-p99.svg")).exists();
		assertThat(dir.resolve("idle-memory.svg")).exists();
	}

	@Test
	void aLineThatIsNotJsonIsNamedByItsNumber(@TempDir Path dir) throws Exception {
		Path results = dir.resolve("bad.jsonl");
		Files.writeString(results, "{\"kind\":\"load\"}\n{\"kind\": oops}\n");
		assertThatIllegalArgumentException().isThrownBy(() -> Measurement.read(results))
			.withMessageContaining("line 2 is not JSON");
	}

	private static BenchReport.Rendered render() throws URISyntaxException {
		return BenchReport.render(Measurement.read(sample()), REFERENCE, "sample-results.jsonl");
	}

	private static Path sample() throws URISyntaxException {
		return Path.of(BenchReportTest.class.getResource("/sample-results.jsonl").toURI());
	}

	static NodeList polylines(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		Document doc = factory.newDocumentBuilder()
			.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
		Element root = doc.getDocumentElement();
		assertThat(root.getLocalName()).isEqualTo("svg");
		assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
		return root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
	}

}
