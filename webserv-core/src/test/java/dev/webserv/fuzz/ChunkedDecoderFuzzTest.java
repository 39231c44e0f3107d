package dev.webserv.fuzz;

import static dev.webserv.fuzz.Invariants.check;
import static dev.webserv.fuzz.Invariants.same;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.ChunkedDecoder;

/**
 * Coverage-guided fuzzing of the chunked decoder (seed corpus under
 * {@code src/test/resources/dev/webserv/fuzz/ChunkedDecoderFuzzTestInputs}; see
 * {@link RequestParserFuzzTest}).
 *
 * <p>
 * Invariants: only {@link BadRequestException} escapes; every input ends in a complete
 * body (with what follows it left unread), a rejection, or waiting for more bytes; a
 * rejection sticks; data slices never overrun the input; and the split of the input
 * changes nothing.
 */
class ChunkedDecoderFuzzTest {

	private static final int MAX_CHUNK_LINE = 48;

	private static final int MAX_TRAILER = 128;

	@FuzzTest(maxDuration = "10s")
	void everyInputEndsInABodyARejectionOrWaiting(FuzzedDataProvider data) {
		int step = data.consumeInt(1, 17);
		byte[] wire = data.consumeRemainingAsBytes();

		String whole = outcome(wire, wire.length);
		same(outcome(wire, step), whole, "split into runs of " + step);
		same(outcome(wire, 1), whole, "one byte at a time");
	}

	static String outcome(byte[] wire, int step) {
		ChunkedDecoder decoder = new ChunkedDecoder(MAX_CHUNK_LINE, MAX_TRAILER);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int from = 0; from < wire.length; from += step) {
			int length = Math.min(step, wire.length - from);
			ByteBuffer in = ByteBuffer.wrap(wire, from, length);
			try {
				ByteBuffer slice;
				while ((slice = decoder.next(in)) != null) {
					check(slice.remaining() > 0 && slice.remaining() <= length, "a slice within the input");
					byte[] copy = new byte[slice.remaining()];
					slice.get(copy);
					body.write(copy, 0, copy.length);
				}
			}
			catch (BadRequestException e) {
				assertStaysRejected(decoder, e);
				return "rejected " + e.rejection() + " after " + hex(body.toByteArray());
			}
			check(decoder.decodedBytes() == body.size(), "decodedBytes counts every data byte");
			if (decoder.isDone()) {
				int rest = in.position() - from;
				byte[] after = Arrays.copyOfRange(wire, from + rest, wire.length);
				return "done " + hex(body.toByteArray()) + " then " + hex(after);
			}
			check(!in.hasRemaining(), "null before the end only when done");
		}
		return "waiting after " + hex(body.toByteArray());
	}

	private static void assertStaysRejected(ChunkedDecoder decoder, BadRequestException first) {
		try {
			decoder.next(ByteBuffer.wrap(new byte[] { '0' }));
		}
		catch (BadRequestException again) {
			same(again.rejection(), first.rejection(), "the rejection sticks");
			return;
		}
		throw new AssertionError("a rejected decoder accepted more input");
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
