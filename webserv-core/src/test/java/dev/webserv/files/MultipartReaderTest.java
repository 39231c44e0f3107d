package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webserv.files.MultipartReader.MalformedException;
import dev.webserv.files.MultipartReader.Part;

class MultipartReaderTest {

	private static final String FORM = "preamble\r\n--XyZ\r\n"
			+ "Content-Disposition: form-data; name=\"title\"\r\n\r\n" + "holiday\r\n--XyZ  \r\n"
			+ "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\";c.txt\"\r\n"
			+ "Content-Type: text/plain\r\n\r\n"
			+ "line one\r\n-XyZ is not a delimiter\r\n--Xy nor this\r\n--XyZ--\r\nepilogue";

	record Read(Part part, String content) {
	}

	@ParameterizedTest(name = "{0} bytes per read")
	@ValueSource(ints = { 1, 2, 3, 5, 7, 16, 64, 100_000 })
	void readsPartsHoweverTheBytesArrive(int step) throws IOException {
		List<Read> parts = readAll(FORM.getBytes(StandardCharsets.UTF_8), "XyZ", step);

		assertThat(parts).containsExactly(new Read(new Part("title", null, null), "holiday"),
				new Read(new Part("file", "a \"b\";c.txt", "text/plain"),
						"line one\r\n-XyZ is not a delimiter\r\n--Xy nor this"));
	}

	@Test
	void streamsALargePartThroughTheBuffer() throws IOException {
		byte[] data = new byte[200_000];
		new Random(11).nextBytes(data);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n".getBytes());
		body.write(data);
		body.write("\r\n--b--".getBytes());

		MultipartReader reader = new MultipartReader(new Trickle(body.toByteArray(), 4093), "b");
		assertThat(reader.next()).isEqualTo(new Part("f", "x", null));
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		reader.transfer(content);

		assertThat(content.toByteArray()).isEqualTo(data);
		assertThat(reader.next()).isNull();
	}

	@ParameterizedTest(name = "malformed: {0}")
	@ValueSource(strings = { "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nno closing delimiter",
			"no delimiter at all", "--b\r\nNo colon here\r\n\r\nx\r\n--b--",
			"--b\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--b--",
			"--b junk\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b--",
			"--b\r\nContent-Disposition: form-data; name=\"f\"\r\n", "--b" })
	void refusesBrokenBodies(String body) {
		assertThatThrownBy(() -> readAll(body.getBytes(StandardCharsets.UTF_8), "b", 3))
			.isInstanceOf(MalformedException.class);
	}

	@Test
	void boundsPartHeaders() {
		String longLine = "--b\r\nContent-Disposition: form-data; name=\"" + "n".repeat(9000) + "\"\r\n\r\nx\r\n--b--";
		String manyFields = "--b\r\n" + "X-A: 1\r\n".repeat(40)
				+ "Content-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b--";

		assertThatThrownBy(() -> readAll(longLine.getBytes(), "b", 1000)).isInstanceOf(MalformedException.class);
		assertThatThrownBy(() -> readAll(manyFields.getBytes(), "b", 1000)).isInstanceOf(MalformedException.class);
	}

	@Test
	void readsTheBoundaryFromTheContentType() {
		assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
		assertThat(MultipartReader.boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b\"")).isEqualTo("a b");
		assertThat(MultipartReader.boundary("multipart/form-data")).isNull();
		assertThat(MultipartReader.boundary("multipart/mixed; boundary=abc")).isNull();
		assertThat(MultipartReader.boundary("multipart/form-data; boundary=" + "x".repeat(71))).isNull();
		assertThat(MultipartReader.boundary(null)).isNull();
	}

	@Test
	void readsDispositionParameters() {
		String disposition = "form-data; name=file; filename=\"x;y=z.txt\"";

		assertThat(MultipartReader.parameter(disposition, "name")).isEqualTo("file");
		assertThat(MultipartReader.parameter(disposition, "filename")).isEqualTo("x;y=z.txt");
		assertThat(MultipartReader.parameter(disposition, "size")).isNull();
		assertThat(MultipartReader.parameter("form-data", "name")).isNull();
	}

	private static List<Read> readAll(byte[] body, String boundary, int step) throws IOException {
		MultipartReader reader = new MultipartReader(new Trickle(body, step), boundary);
		List<Read> parts = new ArrayList<>();
		for (Part part = reader.next(); part != null; part = reader.next()) {
			ByteArrayOutputStream content = new ByteArrayOutputStream();
			reader.transfer(content);
			parts.add(new Read(part, content.toString(StandardCharsets.UTF_8)));
		}
		return parts;
	}

	/** Hands out at most {@code step} bytes per read, as a slow network would. */
	private static final class Trickle extends InputStream {

		private final ByteArrayInputStream in;

		private final int step;

		Trickle(byte[] bytes, int step) {
			this.in = new ByteArrayInputStream(bytes);
			this.step = step;
		}

		@Override
		public int read() {
			return in.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return in.read(buffer, offset, Math.min(length, step));
		}

	}

}
