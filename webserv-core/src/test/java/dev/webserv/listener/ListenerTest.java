package dev.webserv.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.webserv.BindFailedException;
import dev.webserv.config.ListenAddress;
import dev.webserv.testing.Await;

class ListenerTest {

	@Test
	void bindsPortZeroToAFreePortNonBlockingAndAccepts() throws Exception {
		Listener listener = open("127.0.0.1:0");
		try (Socket client = new Socket()) {
			int port = listener.port();

			assertThat(port).isPositive();
			assertThat(listener.boundAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", port));
			assertThat(listener.name()).isEqualTo("127.0.0.1:" + port);
			assertThat(listener.channel().isBlocking()).isFalse();
			assertThat(listener.channel().getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();

			client.connect(listener.boundAddress(), 5000);
			try (SocketChannel channel = accept(listener)) {
				assertThat(((InetSocketAddress) channel.getRemoteAddress()).getPort()).isEqualTo(client.getLocalPort());
			}
		}
		finally {
			listener.close();
		}
	}

	@Test
	void namesTheWildcardAddressWithAStar() throws Exception {
		Listener listener = open("0.0.0.0:0");
		try {
			assertThat(listener.name()).isEqualTo("*:" + listener.port());
		}
		finally {
			listener.close();
		}
	}

	@Test
	void refusesAnAddressInUseNamingItAndLeavesTheFirstServing() throws Exception {
		Listener first = open("127.0.0.1:0");
		try {
			ListenAddress taken = new ListenAddress("127.0.0.1", first.port());

			BindFailedException refused = catchThrowableOfType(BindFailedException.class,
					() -> Listener.open(taken, 50));

			assertThat(refused.inUse()).isTrue();
			assertThat(refused.address()).isEqualTo(taken.toString());
			assertThat(refused.port()).isEqualTo(first.port());
			assertThat(refused).hasMessage("127.0.0.1:" + first.port() + " is already in use");
			try (Socket client = new Socket()) {
				client.connect(first.boundAddress(), 5000);
				assertThat(client.isConnected()).isTrue();
			}
		}
		finally {
			first.close();
		}
	}

	@Test
	void refusesAnUnknownHostNamingIt() {
		ListenAddress nowhere = new ListenAddress("no-such-host.invalid", 0);

		BindFailedException refused = catchThrowableOfType(BindFailedException.class, () -> Listener.open(nowhere, 50));

		assertThat(refused.inUse()).isFalse();
		assertThat(refused).hasMessageContaining("unknown host no-such-host.invalid");
	}

	@Test
	void freesItsPortOnCloseAndClosesTwiceQuietly() throws Exception {
		Listener listener = open("127.0.0.1:0");
		int port = listener.port();

		listener.close();
		listener.close();

		assertThat(listener.channel().isOpen()).isFalse();
		Listener again = Listener.open(new ListenAddress("127.0.0.1", port), 50);
		again.close();
	}

	/**
	 * The listener only carries the virtual servers of its address: none are needed here.
	 */
	private static Listener open(String address) throws IOException {
		return Listener.open(ListenAddress.parse(address), 50);
	}

	private static SocketChannel accept(Listener listener) {
		AtomicReference<SocketChannel> accepted = new AtomicReference<>();
		Await.until("a connection accepted", () -> {
			try {
				accepted.set(listener.channel().accept());
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return accepted.get() != null;
		});
		return accepted.get();
	}

}
