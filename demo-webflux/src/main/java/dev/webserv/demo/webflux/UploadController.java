package dev.webserv.demo.webflux;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;

/**
 * A multipart upload, a streamed upload of any size (read as it arrives, never held
 * whole: its length and CRC-32 are returned), and a generated download of any size.
 */
@RestController
class UploadController {

	private static final int CHUNK = 64 * 1024;

	@PostMapping(path = "/api/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<Map<String, Object>> upload(@RequestPart("file") Mono<FilePart> file) {
		return file.flatMap(part -> digest(part.content()).map(digest -> Map.<String, Object>of("name", part.filename(),
				"bytes", digest.get("bytes"), "crc32", digest.get("crc32"))));
	}

	@PostMapping("/api/stream")
	Mono<Map<String, Long>> stream(@RequestBody Flux<DataBuffer> body) {
		return digest(body);
	}

	/**
	 * {@code size} bytes of a repeating pattern (byte i is i % 251), in 64 KiB buffers.
	 */
	@GetMapping(path = "/api/download", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	Flux<DataBuffer> download(@RequestParam long size) {
		long chunks = (size + CHUNK - 1) / CHUNK;
		return Flux.range(0, (int) chunks).map(index -> {
			long start = (long) index * CHUNK;
			int length = (int) Math.min(CHUNK, size - start);
			byte[] bytes = new byte[length];
			for (int i = 0; i < length; i++) {
				bytes[i] = (byte) ((start + i) % 251);
			}
			return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
		});
	}

	/** The body's length and CRC-32, each buffer released once counted. */
	private static Mono<Map<String, Long>> digest(Flux<DataBuffer> body) {
		CRC32 crc = new CRC32();
		return body.reduce(0L, (bytes, buffer) -> {
			try (DataBuffer.ByteBufferIterator regions = buffer.readableByteBuffers()) {
				long total = bytes;
				while (regions.hasNext()) {
					ByteBuffer region = regions.next();
					total += region.remaining();
					crc.update(region);
				}
				return total;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).map(bytes -> Map.of("bytes", bytes, "crc32", crc.getValue()));
	}

}
