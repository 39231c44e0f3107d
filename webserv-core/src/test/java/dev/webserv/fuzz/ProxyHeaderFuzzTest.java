package dev.webserv.fuzz;

import static dev.webserv.fuzz.Invariants.check;
import static dev.webserv.fuzz.Invariants.same;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.webserv.proxyprotocol.ProxyHeader;
import dev.webserv.proxyprotocol.ProxyHeaderDecoder;
import dev.webserv.proxyprotocol.ProxyHeaderException;

/**
 * Coverage-guided fuzzing of the PROXY protocol decoder (seed corpus under
 * {@code src/test/resources/dev/webserv/fuzz/ProxyHeaderFuzzTestInputs}; see
 * {@link RequestParserFuzzTest}).
 *
 * <p>
 * Invariants, for any bytes and any bound: only {@link ProxyHeaderException} escapes;
 * every input ends in a header, a rejection, or waiting for more bytes; the decoder never
 * reads past the input it is given and never reports more bytes consumed than it was
 * given; a header's length is what its own framing says (CRLF, or 16 + the v2 length
 * field) and within the bound; a rejection sticks; and the split of the input changes
 * nothing.
 */
class ProxyHeaderFuzzTest {

	@FuzzTest(maxDuration = "10s")
	void everyInputEndsInAHeaderARejectionOrWaiting(FuzzedDataProvider data) {
		int step = data.consumeInt(1, 17);
		int maxLength = data.consumeInt(107, 320);
		byte[] wire = data.consumeRemainingAsBytes();

		String whole = outcome(wire, wire.length, maxLength);
		same(outcome(wire, step, maxLength), whole, "split into runs of " + step);
		same(outcome(wire, 1, maxLength), whole, "one byte at a time");
	}

	static String outcome(byte[] wire, int step, int maxLength) {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(maxLength);
		for (int from = 0; from < wire.length; from += step) {
			int length = Math.min(step, wire.length - from);
			ByteBuffer in = ByteBuffer.wrap(wire, from, length);
			int before = decoder.consumed();
			ProxyHeader header;
			try {
				header = decoder.decode(in);
			}
			catch (ProxyHeaderException e) {
				check(decoder.consumed() <= from + length, "no more consumed than given");
				assertStaysRejected(decoder, e);
				return "rejected " + e.reason();
			}
			check(in.limit() == from + length, "the input's limit untouched");
			check(in.position() - from == decoder.consumed() - before, "consumed counts the bytes read");
			check(decoder.consumed() <= from + length, "no more consumed than given");
			if (header != null) {
				checkFraming(wire, decoder.consumed(), maxLength);
				return header + " in " + decoder.consumed() + " bytes";
			}
			check(!in.hasRemaining(), "waiting only when every byte was read");
		}
		return "waiting";
	}

	/** The header ends where its own framing says, inside the bound. */
	private static void checkFraming(byte[] wire, int consumed, int maxLength) {
		check(consumed <= maxLength, "a header within the bound");
		if (wire[0] == 'P') {
			check(consumed <= 107 && wire[consumed - 2] == '\r' && wire[consumed - 1] == '\n',
					"a v1 line ends in CRLF");
		}
		else {
			int declared = 16 + ((wire[14] & 0xFF) << 8 | wire[15] & 0xFF);
			check(consumed == declared, "a v2 header is 16 + its length field");
		}
	}

	private static void assertStaysRejected(ProxyHeaderDecoder decoder, ProxyHeaderException first) {
		try {
			decoder.decode(ByteBuffer.wrap(new byte[] { 'P' }));
		}
		catch (ProxyHeaderException again) {
			same(again.reason(), first.reason(), "the rejection sticks");
			return;
		}
		throw new AssertionError("a rejected decoder accepted more input");
	}

}
