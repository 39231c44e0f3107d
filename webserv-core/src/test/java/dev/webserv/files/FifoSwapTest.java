package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.testing.TestServers;

/**
 * A file checked to be regular and then swapped for a FIFO before it is opened: opening a
 * FIFO blocks until a writer comes, so the open must never run on the event loop. One
 * thread swaps a served path between a regular file and a FIFO (atomic renames) while
 * clients fetch it, by the static files (a large file, and a small one, which is read
 * into memory once) and by an exchange's file region; another small file served by the
 * same single loop must answer all along.
 */
class FifoSwapTest {

	private static final int SIZE = 64 * 1024;

	@TempDir
	Path www;

	private Path fifo;

	private Webserv server;

	private final AtomicBoolean swapping = new AtomicBoolean(true);

	private Thread swapper;

	private long fdsBefore;

	@BeforeEach
	void start() throws Exception {
		fifo = www.resolve(".fifo");
		assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
		Path regular = Files.write(www.resolve(".regular"), new byte[SIZE]);
		Files.createLink(www.resolve("big.bin"), regular);
		// a small settled file is read into memory once: that read opens it too
		Path smallRegular = settled(Files.write(www.resolve(".small"), new byte[1000]));
		Files.createLink(www.resolve("small.bin"), smallRegular);
		settled(Files.writeString(www.resolve("small.txt"), "small"));
		Path big = www.resolve("big.bin");
		server = TestServers.start(s -> s.root(www)
			.location(Location.builder("/").build())
			.exchange("GET", "/region", exchange -> exchange.write(big, 0, SIZE).whenComplete((ok, error) -> {
				if (error == null) {
					exchange.end();
				}
				else {
					exchange.abort(error);
				}
			})), config -> config.ioThreads(1));
		swapper = new Thread(() -> swap(Map.of(big, regular, www.resolve("small.bin"), smallRegular)), "swapper");
		swapper.setDaemon(true);
	}

	private static Path settled(Path file) throws IOException {
		return Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
	}

	/**
	 * Puts the FIFO and its regular file at each served path in turn, each by one rename;
	 * ends with the regular files in place.
	 */
	private void swap(Map<Path, Path> served) {
		Path next = www.resolve(".next");
		try {
			while (swapping.get()) {
				for (Map.Entry<Path, Path> path : served.entrySet()) {
					Files.createLink(next, fifo);
					Files.move(next, path.getKey(), StandardCopyOption.ATOMIC_MOVE,
							StandardCopyOption.REPLACE_EXISTING);
					Files.createLink(next, path.getValue());
					Files.move(next, path.getKey(), StandardCopyOption.ATOMIC_MOVE,
							StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	@AfterEach
	void stop() throws Exception {
		swapping.set(false);
		swapper.join(5000);
		freeOpeners();
		server.stop();
	}

	/**
	 * Ends any open(2) still waiting on the FIFO: opened for reading and writing, it
	 * never blocks, and it counts as the writer the waiting readers need.
	 */
	private void freeOpeners() throws IOException {
		try (RandomAccessFile both = new RandomAccessFile(fifo.toFile(), "rw")) {
			both.getFD();
		}
	}

	@Test
	void theLoopAnswersWhileAServedFileIsSwappedForAFifo() throws Exception {
		assertThat(fetch("/big.bin", 5000)).startsWith("HTTP/1.1 200");
		assertThat(fetch("/region", 5000)).startsWith("HTTP/1.1 200");
		assertThat(fetch("/small.bin", 5000)).startsWith("HTTP/1.1 200");
		assertThat(fetch("/small.txt", 5000)).startsWith("HTTP/1.1 200");
		fdsBefore = openFds();
		swapper.start();
		AtomicInteger fetched = new AtomicInteger();
		List<Thread> clients = new ArrayList<>();
		long end = System.nanoTime() + 3_000_000_000L;
		for (String path : List.of("/big.bin", "/big.bin", "/small.bin", "/small.bin", "/region", "/region")) {
			Thread client = new Thread(() -> {
				while (System.nanoTime() < end) {
					try {
						fetch(path, 2000);
						fetched.incrementAndGet();
					}
					catch (IOException refusedOrCut) {
						// a 403, a cut response, a timeout: the probe below tells the
						// loop's
						// health
					}
				}
			}, "client " + path);
			client.setDaemon(true);
			client.start();
			clients.add(client);
		}
		int probes = 0;
		while (System.nanoTime() < end) {
			long started = System.nanoTime();
			assertThat(fetch("/small.txt", 2000)).as("probe %d", probes).startsWith("HTTP/1.1 200");
			assertThat((System.nanoTime() - started) / 1_000_000).as("probe %d took (ms)", probes).isLessThan(1000);
			probes++;
			Thread.sleep(20);
		}
		for (Thread client : clients) {
			client.join(5000);
		}
		swapping.set(false);
		swapper.join(5000);
		assertThat(probes).isGreaterThan(10);
		assertThat(fetched.get()).isGreaterThan(10);
		// every file opened is closed again, but for the one the loop keeps open per
		// path (poll: an open freed only now returns now)
		freeOpeners();
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (openFds() > fdsBefore && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(openFds()).as("open file descriptors").isLessThanOrEqualTo(fdsBefore);
		assertThat(fetch("/big.bin", 5000)).startsWith("HTTP/1.1 200");
	}

	/** One request on its own connection; the whole answer as text. */
	private String fetch(String path, int timeoutMillis) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout(timeoutMillis);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	/** This process's descriptors open on files of the served directory. */
	private long openFds() throws IOException {
		String directory = www.toRealPath().toString();
		try (var fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.filter(fd -> {
				try {
					return Files.readSymbolicLink(fd).toString().startsWith(directory);
				}
				catch (IOException closedMeanwhile) {
					return false;
				}
			}).count();
		}
	}

}
