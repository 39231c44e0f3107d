package dev.webserv.listener;

import static dev.webserv.listener.AcceptorFdExhaustionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server out of descriptors (EMFILE) serves again once they come back, in the cases
 * {@link AcceptorFdExhaustionTest} does not reach: a burst that exhausts them before the
 * server ever closed a socket, and an application that keeps the common ForkJoinPool
 * busy.
 */
@EnabledOnOs(OS.LINUX)
class AcceptorOutOfDescriptorsTest {

	@TempDir
	Path temp;

	/**
	 * The JDK's first socket close loads a class that needs a descriptor; out of them, it
	 * fails for the JVM's life, and the select() that closed the socket threw it.
	 */
	@Test
	void servesAgainWhenDescriptorsRanOutBeforeItsFirstClose() throws Exception {
		exhaustReleaseAndServe("", false);
	}

	/**
	 * A child with four processors (a common pool of three) whose pool threads all sleep:
	 * the back-off's resume must not wait for that pool.
	 */
	@Test
	void resumesAcceptingWhileTheCommonPoolIsBusy() throws Exception {
		exhaustReleaseAndServe("-XX:ActiveProcessorCount=4 -D" + FdExhaustionServer.BLOCK_COMMON_POOL + "=true ", true);
	}

	private void exhaustReleaseAndServe(String jvmOptions, boolean servedBefore) throws Exception {
		Path log = temp.resolve("child.log");
		Process child = AcceptorFdExhaustionTest.startChild(log,
				AcceptorFdExhaustionTest.jar(temp.resolve("server.jar")), jvmOptions);
		List<Socket> held = new ArrayList<>();
		try {
			int port = AcceptorFdExhaustionTest.readPort(child);
			if (servedBefore) {
				assertThat(AcceptorFdExhaustionTest.get(port)).isEqualTo(200);
			}
			for (int i = 0; i < AcceptorFdExhaustionTest.CONNECTIONS; i++) {
				held.add(new Socket("127.0.0.1", port));
			}
			awaitTrue(() -> Files.readString(log).contains("pausing accepts"), 10, "the acceptor to pause");
			for (Socket socket : held) {
				socket.close();
			}
			held.clear();
			awaitTrue(() -> AcceptorFdExhaustionTest.openFds(child.pid()) < AcceptorFdExhaustionTest.FD_LIMIT / 2, 10,
					"the child to release the connections");
			assertThat(AcceptorFdExhaustionTest.get(port)).as(() -> AcceptorFdExhaustionTest.describe(child, log))
				.isEqualTo(200);
		}
		finally {
			AcceptorFdExhaustionTest.release(held, child);
		}
	}

}
