package dev.webserv.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.webserv.Headers;
import dev.webserv.Response;
import dev.webserv.writer.DateCache;
import dev.webserv.writer.HeadEncoder;
import dev.webserv.writer.HeadEncoder.Framing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The response side of the hello path: the head encoder with the hello response's headers
 * (what {@code ResponseQueue} calls per response), the cached Date line, and building the
 * handler's {@link Response}. Run with {@code -prof gc} for bytes allocated per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class HeadEncoderBenchmark {

	private static final byte[] HELLO = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private HeadEncoder encoder;

	private DateCache dates;

	private Headers helloHeaders;

	/** The buffer heads are encoded into, as an event loop's shared one. */
	private ByteBuffer scratch;

	@Setup
	public void setUp() {
		encoder = new HeadEncoder("webserv");
		dates = new DateCache();
		helloHeaders = Response.ok(HELLO, "text/plain").headers();
		scratch = ByteBuffer.allocateDirect(16 * 1024);
	}

	/**
	 * The hello response's head: status line, Date, Server, Content-Type, Content-Length
	 * (HTTP/1.1 keep-alive).
	 */
	@Benchmark
	public ByteBuffer encodeHelloHead() {
		return encoder.encode(200, helloHeaders, Framing.LENGTH, HELLO.length, 0, dates.line(), scratch);
	}

	/** The Date line, formatted at most once a second. */
	@Benchmark
	public byte[] dateLine() {
		return dates.line();
	}

	/**
	 * What the hello handler builds per request:
	 * {@code Response.ok(bytes, "text/plain")}.
	 */
	@Benchmark
	public Response helloResponse() {
		return Response.ok(HELLO, "text/plain");
	}

	/**
	 * Handler response plus head encoding: the response side of one hello exchange, less
	 * the write, as {@code ResponseQueue} encodes it (a lone Content-Type apart from the
	 * headers, which are then never made).
	 */
	@Benchmark
	public ByteBuffer responseAndHead() {
		Response response = Response.ok(HELLO, "text/plain");
		Headers headers = response.headersIfAny();
		return encoder.encode(response.status(), headers == null ? response.contentType() : null, headers,
				Framing.LENGTH, response.bytes().length, 0, dates.line(), scratch);
	}

	/**
	 * The hello head as {@code ResponseQueue} writes it for a response whose only field
	 * is its Content-Type.
	 */
	@Benchmark
	public ByteBuffer encodeHelloHeadApart() {
		return encoder.encode(200, "text/plain", null, Framing.LENGTH, HELLO.length, 0, dates.line(), scratch);
	}

}
