package dev.webserv.fuzz;

import static dev.webserv.fuzz.Invariants.check;
import static dev.webserv.fuzz.Invariants.same;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.RequestHead;
import dev.webserv.parser.RequestParser;

/**
 * Coverage-guided fuzzing of the request-head parser. In the normal test run Jazzer
 * replays the seed corpus under
 * {@code src/test/resources/dev/webserv/fuzz/RequestParserFuzzTestInputs} (regression
 * mode); the {@code fuzz} Maven profile fuzzes for real (docs/robustness.md).
 *
 * <p>
 * Invariants, for any bytes: only {@link BadRequestException} escapes; every input ends
 * in heads, a rejection, or the parser waiting for more bytes; a rejection sticks until
 * reset; and where the input is split (into runs of any length) changes nothing.
 */
class RequestParserFuzzTest {

	/** Small limits, so the fuzzer reaches every 414 and 431 boundary quickly. */
	private static final int MAX_LINE = 96;

	private static final int MAX_HEADERS = 256;

	private static final int MAX_FIELDS = 8;

	@FuzzTest(maxDuration = "10s")
	void everyInputEndsInHeadsARejectionOrWaiting(FuzzedDataProvider data) {
		int step = data.consumeInt(1, 17);
		byte[] wire = data.consumeRemainingAsBytes();

		String whole = outcome(wire, wire.length);
		same(outcome(wire, step), whole, "split into runs of " + step);
		same(outcome(wire, 1), whole, "one byte at a time");
	}

	/**
	 * Parses the wire fed in runs of {@code step} bytes; describes every head and how the
	 * input ended.
	 */
	static String outcome(byte[] wire, int step) {
		RequestParser parser = new RequestParser(MAX_LINE, MAX_HEADERS, MAX_FIELDS);
		List<String> events = new ArrayList<>();
		for (int from = 0; from < wire.length; from += step) {
			ByteBuffer in = ByteBuffer.wrap(wire, from, Math.min(step, wire.length - from));
			while (in.hasRemaining()) {
				RequestHead head;
				try {
					head = parser.parse(in);
				}
				catch (BadRequestException e) {
					assertStaysRejected(parser, e);
					events.add("rejected " + e.rejection());
					return String.join("\n", events);
				}
				if (head == null) {
					check(!in.hasRemaining(), "null only when every byte is consumed");
					break;
				}
				events.add(describe(head));
				parser.reset();
			}
		}
		events.add(parser.inProgress() ? "waiting inside a head" : "waiting between requests");
		return String.join("\n", events);
	}

	private static void assertStaysRejected(RequestParser parser, BadRequestException first) {
		try {
			parser.parse(ByteBuffer.wrap(new byte[] { 'x' }));
		}
		catch (BadRequestException again) {
			same(again.rejection(), first.rejection(), "the rejection sticks");
			return;
		}
		throw new AssertionError("a rejected parser accepted more input");
	}

	private static String describe(RequestHead head) {
		check(!head.method().isEmpty(), "a method");
		check(head.path().equals("*") || head.path().startsWith("/"), "a path from the root");
		check(!(head.chunked() && head.contentLength() >= 0), "one framing only");
		return "head " + head;
	}

}
