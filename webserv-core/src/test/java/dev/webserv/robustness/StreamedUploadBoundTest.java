package dev.webserv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A 1 GiB upload to a slow exchange-handler subscriber over a real socket: reading
 * follows demand, so with no demand the client is held back by TCP and the server's heap
 * holds almost nothing for it; during the upload the bytes the client has sent but the
 * subscriber has not taken stay bounded (kernel buffers plus the server's bounded read
 * and hold buffers), never a growing pile on the heap.
 */
class StreamedUploadBoundTest {

	private static final long GIB = 1024L * 1024 * 1024;

	/**
	 * Bytes sent and not yet delivered that the socket buffers and the server may hold.
	 */
	private static final long IN_FLIGHT_BOUND = 32L * 1024 * 1024;

	private final ExecutorService slow = Executors.newSingleThreadExecutor();

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong maxItem = new AtomicLong();

	private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

	private final CompletableFuture<Long> received = new CompletableFuture<>();

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.clientMaxBodySize(2 * GIB).exchange("POST", "/upload", exchange -> {
			exchange.requestBody().subscribe(new Flow.Subscriber<>() {
				@Override
				public void onSubscribe(Flow.Subscription s) {
					subscription.set(s); // no demand until the test asks
				}

				@Override
				public void onNext(ByteBuffer item) {
					maxItem.accumulateAndGet(item.remaining(), Math::max);
					delivered.addAndGet(item.remaining());
					// one buffer at a time, asked for from another thread
					slow.execute(() -> subscription.get().request(1));
				}

				@Override
				public void onError(Throwable error) {
					received.completeExceptionally(error);
				}

				@Override
				public void onComplete() {
					received.complete(delivered.get());
					exchange.write(ByteBuffer.wrap(Long.toString(delivered.get()).getBytes(StandardCharsets.UTF_8)));
					exchange.end();
				}
			});
		}));
	}

	@AfterEach
	void stop() {
		server.stop();
		slow.shutdownNow();
	}

	@Test
	void aGibibyteUploadToASlowSubscriberHoldsBoundedBuffers() throws Exception {
		AtomicLong sent = new AtomicLong();
		// small writes: with no demand the kernel's buffers and the server's may hold
		// less
		// than one large write, which would then never count as sent
		byte[] chunk = new byte[16 * 1024];
		long heapBefore = Resources.heapAfterGc();
		try (Socket socket = new Socket()) {
			socket.setSendBufferSize(64 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + GIB + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			Thread client = new Thread(() -> {
				try {
					for (long left = GIB; left > 0; left -= chunk.length) {
						out.write(chunk, 0, (int) Math.min(chunk.length, left));
						sent.addAndGet(Math.min(chunk.length, left));
					}
				}
				catch (Exception e) {
					// the assertions below tell what went wrong
				}
			}, "test-uploader");
			client.start();
			// no demand: the server reads only what its bounded buffers hold
			long stalled = Await.stable(sent, Duration.ofSeconds(1));
			assertThat(stalled).isLessThan(IN_FLIGHT_BOUND);
			assertThat(delivered.get()).isZero();
			long held = Resources.heapAfterGc() - heapBefore;
			assertThat(held).as("heap held while the upload waits for demand").isLessThan(1 << 20);
			Figures.record("streaming", "heap held for a 1 GiB upload waiting for demand (bytes)", held);
			subscription.get().request(1);
			long worst = 0;
			while (!received.isDone()) {
				worst = Math.max(worst, sent.get() - delivered.get());
				Thread.sleep(5); // sampling, not waiting for an outcome
			}
			assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(GIB);
			assertThat(worst).as("bytes sent and not yet delivered").isLessThan(IN_FLIGHT_BOUND);
			assertThat(maxItem.get()).as("largest buffer delivered").isLessThanOrEqualTo(128 * 1024);
			client.join(10_000);
			RawClient.RawResponse response = readResponse(socket);
			assertThat(response.bodyText()).isEqualTo(Long.toString(GIB));
		}
	}

	private static long largestReceiveBuffer() {
		try {
			String[] rmem = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_rmem")).trim().split("\\s+");
			return Long.parseLong(rmem[2]);
		}
		catch (IOException | RuntimeException notLinux) {
			return 32L * 1024 * 1024;
		}
	}

	private static RawClient.RawResponse readResponse(Socket socket) throws Exception {
		String all = RawClient.readUntil(socket.getInputStream(), "\r\n0\r\n\r\n");
		int body = all.indexOf("\r\n\r\n") + 4;
		String chunked = all.substring(body);
		String data = chunked.substring(chunked.indexOf("\r\n") + 2, chunked.indexOf("\r\n0\r\n\r\n"));
		return new RawClient.RawResponse(Integer.parseInt(all.substring(9, 12)), all.substring(0, all.indexOf("\r\n")),
				java.util.Map.of(), data.getBytes(StandardCharsets.ISO_8859_1));
	}

}
