package dev.webserv.bench.tools;

/** The bench's clients load only this machine. */
final class Loopback {

	private Loopback() {
	}

	static void require(String host) {
		if (!host.startsWith("127.") && !host.equals("localhost") && !host.equals("::1")) {
			throw new IllegalArgumentException("loopback only: " + host);
		}
	}

}
