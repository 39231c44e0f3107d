package dev.webserv.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.webserv.parser.RequestHead;
import dev.webserv.parser.RequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request-head parser on one connection's parser (reused with reset(), as Connection
 * does): heads parsed per second on one core, and with {@code -prof gc} the bytes
 * allocated per head ({@code gc.alloc.rate.norm}). "wrk" is the request the load runs
 * send; "browser" a typical 9-field browser GET. {@link #parse} sends the same head each
 * time (a keep-alive client repeating itself: the parser recalls the head its array
 * remembers, 0 B/op is the guard); {@link #parseAlternating} alternates two heads that
 * differ in the target, so every head is parsed afresh (what a new head costs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class RequestParserBenchmark {

	static final String WRK = "GET / HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n\r\n";

	static final String BROWSER = """
			GET /static/app.js?v=42 HTTP/1.1\r
			Host: www.example.test\r
			User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
			Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r
			Accept-Language: en-US,en;q=0.5\r
			Accept-Encoding: gzip, deflate, br\r
			Referer: https://www.example.test/\r
			Connection: keep-alive\r
			Cookie: session=0123456789abcdef; theme=dark\r
			Cache-Control: max-age=0\r
			\r
			""";

	@Param({ "wrk", "browser" })
	public String request;

	private RequestParser parser;

	private ByteBuffer bytes;

	private ByteBuffer other;

	private boolean flip;

	@Setup
	public void setUp() {
		parser = new RequestParser(8192, 8192, 100);
		String text = request.equals("wrk") ? WRK : BROWSER;
		bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
		other = ByteBuffer.wrap(text.replaceFirst(" /", " /x").getBytes(StandardCharsets.ISO_8859_1));
		if (parse() == null || parseAlternating() == null || parseAlternating() == null) {
			throw new IllegalStateException("request did not parse: " + request);
		}
	}

	@Benchmark
	public RequestHead parse() {
		bytes.clear();
		RequestHead head = parser.parse(bytes);
		parser.reset();
		return head;
	}

	@Benchmark
	public RequestHead parseAlternating() {
		flip = !flip;
		ByteBuffer next = flip ? other : bytes;
		next.clear();
		RequestHead head = parser.parse(next);
		parser.reset();
		return head;
	}

}
