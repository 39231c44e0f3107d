package dev.webserv.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * The request-smuggling and parser-differential table: raw requests, each with the exact
 * statuses webserv answers, whether it then closes, and whether the probe pipelined
 * behind it is served. Shared by {@link SmugglingTest} (webserv, every build) and
 * {@link NginxDifferential} (nginx, by hand), so the table in docs/robustness.md compares
 * the same bytes.
 *
 * <p>
 * Every case is sent with {@link #PROBE} right behind it in the same write. After a
 * rejection RFC 9112 §11.2 leaves no way to know where the next request starts, so the
 * connection must close and the probe must never reach a handler.
 */
final class SmugglingCases {

	/** A request pipelined behind every case; its handler counts how often it runs. */
	static final String PROBE = "GET /pipelined HTTP/1.1\r\nHost: x\r\n\r\n";

	/**
	 * One row.
	 *
	 * @param id short, stable name (used in the docs table)
	 * @param group what the case attacks
	 * @param wire the bytes, as a Latin-1 string (so "\u00e9" is the single byte 0xE9)
	 * @param statuses the statuses of the responses before the probe's
	 * @param closes whether the connection closes after them
	 * @param probeServed whether the pipelined probe gets a 200
	 */
	record Case(String id, String group, String wire, List<Integer> statuses, boolean closes, boolean probeServed) {

		@Override
		public String toString() {
			return id;
		}
	}

	private static final String H = "Host: x\r\n";

	private static final String END = "\r\n";

	private static final String POST = "POST / HTTP/1.1\r\n" + H;

	private static final String GET = "GET / HTTP/1.1\r\n" + H;

	private static final String CHUNKED = "Transfer-Encoding: chunked\r\n";

	private static final String HELLO_CHUNKED = "5\r\nhello\r\n0\r\n\r\n";

	private final List<Case> cases = new ArrayList<>();

	private String group;

	private SmugglingCases() {
	}

	static List<Case> all() {
		SmugglingCases table = new SmugglingCases();
		table.framingConflicts();
		table.contentLength();
		table.transferEncoding();
		table.chunkSizes();
		table.trailers();
		table.lineEndings();
		table.whitespace();
		table.controls();
		table.tokens();
		table.sizes();
		table.absoluteForm();
		table.host();
		table.specialTargets();
		table.versions();
		table.garbage();
		table.pipelining();
		return List.copyOf(table.cases);
	}

	private void framingConflicts() {
		group = "Content-Length with Transfer-Encoding";
		reject("cl-te", POST + "Content-Length: 5\r\n" + CHUNKED + END + HELLO_CHUNKED, 400);
		reject("te-cl", POST + CHUNKED + "Content-Length: 5\r\n" + END + HELLO_CHUNKED, 400);
		reject("cl0-te-smuggle",
				POST + "Content-Length: 0\r\n" + CHUNKED + END + "0\r\n\r\nGET /smuggled HTTP/1.1\r\n" + H + END, 400);
		reject("cl-te-identity", POST + "Content-Length: 5\r\nTransfer-Encoding: identity\r\n" + END + "hello", 400);
		reject("te-cl-http10", "POST / HTTP/1.0\r\nContent-Length: 5\r\n" + CHUNKED + END + HELLO_CHUNKED, 400);
	}

	private void contentLength() {
		group = "Content-Length variants";
		reject("cl-duplicate-same", POST + "Content-Length: 5\r\nContent-Length: 5\r\n" + END + "hello", 400);
		reject("cl-duplicate-differ", POST + "Content-Length: 5\r\nContent-Length: 6\r\n" + END + "hello!", 400);
		reject("cl-list", POST + "Content-Length: 5, 5\r\n" + END + "hello", 400);
		reject("cl-plus", POST + "Content-Length: +5\r\n" + END + "hello", 400);
		reject("cl-minus", POST + "Content-Length: -5\r\n" + END + "hello", 400);
		reject("cl-hex-0x", POST + "Content-Length: 0x5\r\n" + END + "hello", 400);
		reject("cl-hex-digit", POST + "Content-Length: a\r\n" + END + "helloworld", 400);
		reject("cl-overflow", POST + "Content-Length: 99999999999999999999\r\n" + END + "hello", 400);
		reject("cl-19-digits", POST + "Content-Length: 1000000000000000000\r\n" + END + "hello", 400);
		reject("cl-decimal-point", POST + "Content-Length: 5.0\r\n" + END + "hello", 400);
		reject("cl-inner-space", POST + "Content-Length: 5 5\r\n" + END + "hello", 400);
		reject("cl-empty", POST + "Content-Length:\r\n" + END + "hello", 400);
		reject("cl-too-large", POST + "Content-Length: 4096\r\n" + END + "hello", 413);
		accept("cl-padded", POST + "Content-Length: \t 5 \t\r\n" + END + "hello");
		accept("cl-leading-zeros", POST + "Content-Length: 0005\r\n" + END + "hello");
		accept("cl-on-get", GET + "Content-Length: 5\r\n" + END + "hello");
	}

	private void transferEncoding() {
		group = "Transfer-Encoding variants";
		reject("te-chunked-identity", POST + "Transfer-Encoding: chunked, identity\r\n" + END + HELLO_CHUNKED, 400);
		reject("te-identity", POST + "Transfer-Encoding: identity\r\n" + END + "hello", 400);
		reject("te-xchunked", POST + "Transfer-Encoding: xchunked\r\n" + END + HELLO_CHUNKED, 501);
		reject("te-chunked-twice-list", POST + "Transfer-Encoding: chunked, chunked\r\n" + END + HELLO_CHUNKED, 400);
		reject("te-chunked-twice-fields", POST + CHUNKED + CHUNKED + END + HELLO_CHUNKED, 400);
		reject("te-gzip-chunked", POST + "Transfer-Encoding: gzip, chunked\r\n" + END + HELLO_CHUNKED, 501);
		reject("te-chunked-gzip", POST + "Transfer-Encoding: chunked, gzip\r\n" + END + HELLO_CHUNKED, 400);
		reject("te-empty-element", POST + "Transfer-Encoding: ,chunked\r\n" + END + HELLO_CHUNKED, 400);
		reject("te-parameter", POST + "Transfer-Encoding: chunked;q=1\r\n" + END + HELLO_CHUNKED, 400);
		reject("te-empty", POST + "Transfer-Encoding:\r\n" + END + HELLO_CHUNKED, 400);
		reject("te-vertical-tab", POST + "Transfer-Encoding:\u000bchunked\r\n" + END + HELLO_CHUNKED, 400);
		reject("te-http10", "POST / HTTP/1.0\r\n" + CHUNKED + END + HELLO_CHUNKED, 400);
		reject("te-quoted", POST + "Transfer-Encoding: \"chunked\"\r\n" + END + HELLO_CHUNKED, 400);
		accept("te-upper-case", POST + "Transfer-Encoding: CHUNKED\r\n" + END + HELLO_CHUNKED);
		accept("te-mixed-case", POST + "tRaNsFeR-eNcOdInG: cHuNkEd\r\n" + END + HELLO_CHUNKED);
		accept("te-ows", POST + "Transfer-Encoding: \t chunked \t\r\n" + END + HELLO_CHUNKED);
		// an underscore makes another field: the POST has no body and "5" starts the next
		// request
		custom("te-underscore", POST + "Transfer_Encoding: chunked\r\n" + END + HELLO_CHUNKED, true, false, 200, 400);
	}

	private void chunkSizes() {
		group = "Chunk sizes and extensions";
		String head = POST + CHUNKED + END;
		reject("chunk-size-overflow", head + "10000000000000005\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-size-minus", head + "-5\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-size-plus", head + "+5\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-size-0x", head + "0x5\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-size-leading-space", head + " 5\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-size-trailing-space", head + "5 \r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-size-empty", head + "\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-size-not-hex", head + "g\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-ext-nul", head + "5;a\u0000\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-ext-no-name", head + "5;=x\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-ext-huge", head + "5;a=" + "b".repeat(10_000) + "\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-ext-bws", head + "5 ;a=b\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-data-too-long", head + "3\r\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-data-no-crlf", head + "5\r\nhello0\r\n\r\n", 400);
		reject("chunk-size-bare-lf", head + "5\nhello\r\n0\r\n\r\n", 400);
		reject("chunk-data-bare-lf", head + "5\r\nhello\n0\r\n\r\n", 400);
		reject("chunk-size-bare-cr", head + "5\rhello\r\n0\r\n\r\n", 400);
		reject("chunk-last-bare-lf", head + "5\r\nhello\r\n0\n\n", 400);
		// without the final CRLF the probe is read as a trailer line, which is not a
		// field
		reject("chunk-missing-final-crlf", head + "5\r\nhello\r\n0\r\n", 400);
		accept("chunk-size-leading-zeros", head + "0005\r\nhello\r\n0\r\n\r\n");
		accept("chunk-ext-valid", head + "5;a=b;c=\"d;e\"\r\nhello\r\n0;f\r\n\r\n");
		accept("chunk-size-upper-hex", head + "A\r\nhelloworld\r\n0\r\n\r\n");
	}

	private void trailers() {
		group = "Trailers";
		String head = POST + CHUNKED + END + "5\r\nhello\r\n0\r\n";
		accept("trailer-content-length-ignored", head + "Content-Length: 50\r\n" + END);
		accept("trailer-transfer-encoding-ignored", head + "Transfer-Encoding: chunked\r\n" + END);
		accept("trailer-host-ignored", head + "Host: evil\r\n" + END);
		accept("trailer-connection-ignored", head + "Connection: close\r\n" + END);
		reject("trailer-obs-fold", head + "X-A: a\r\n b\r\n" + END, 400);
		reject("trailer-bare-lf", head + "X-A: a\n" + END, 400);
		reject("trailer-space-before-colon", head + "X-A : a\r\n" + END, 400);
		reject("trailer-nul", head + "X-A: a\u0000b\r\n" + END, 400);
		reject("trailer-too-large", head + "X-A: " + "a".repeat(9000) + "\r\n" + END, 400);
	}

	private void lineEndings() {
		group = "Bare CR and bare LF";
		reject("bare-lf-everywhere", "GET / HTTP/1.1\nHost: x\n\n", 400);
		reject("bare-lf-request-line", "GET / HTTP/1.1\n" + H + END, 400);
		reject("bare-lf-field", "GET / HTTP/1.1\r\nHost: x\n\r\n", 400);
		reject("bare-lf-end-of-head", GET + "\n", 400);
		reject("bare-cr-request-line", "GET / HTTP/1.1\r" + H + END, 400);
		reject("bare-cr-in-value", GET + "X-A: a\rb\r\n" + END, 400);
		reject("bare-cr-end-of-head", GET + "\r\r\n", 400);
		reject("bare-cr-before-request", "\rGET / HTTP/1.1\r\n" + H + END, 400);
	}

	private void whitespace() {
		group = "obs-fold and whitespace";
		reject("obs-fold-space", GET + "X-A: a\r\n b\r\n" + END, 400);
		reject("obs-fold-tab", GET + "X-A: a\r\n\tb\r\n" + END, 400);
		reject("obs-fold-content-length", POST + "Content-Length:\r\n 5\r\n" + END + "hello", 400);
		reject("space-before-first-field", "GET / HTTP/1.1\r\n " + H + END, 400);
		reject("space-before-colon", GET + "X-A : a\r\n" + END, 400);
		reject("tab-before-colon", GET + "X-A\t: a\r\n" + END, 400);
		reject("space-before-colon-host", "GET / HTTP/1.1\r\nHost : x\r\n" + END, 400);
		reject("space-before-colon-cl", POST + "Content-Length : 5\r\n" + END + "hello", 400);
		reject("space-before-colon-te", POST + "Transfer-Encoding : chunked\r\n" + END + HELLO_CHUNKED, 400);
		reject("space-in-field-name", GET + "X A: b\r\n" + END, 400);
		reject("double-space-request-line", "GET  / HTTP/1.1\r\n" + H + END, 400);
		reject("trailing-space-request-line", "GET / HTTP/1.1 \r\n" + H + END, 400);
		reject("tab-separated-request-line", "GET\t/\tHTTP/1.1\r\n" + H + END, 400);
		reject("leading-space-request-line", " GET / HTTP/1.1\r\n" + H + END, 400);
	}

	private void controls() {
		group = "NUL and other controls";
		reject("nul-in-method", "G\u0000T / HTTP/1.1\r\n" + H + END, 400);
		reject("nul-in-target", "GET /a\u0000b HTTP/1.1\r\n" + H + END, 400);
		reject("nul-in-version", "GET / HTTP/1.1\u0000\r\n" + H + END, 400);
		reject("nul-in-field-name", GET + "X-\u0000A: b\r\n" + END, 400);
		reject("nul-in-field-value", GET + "X-A: a\u0000b\r\n" + END, 400);
		reject("nul-before-request", "\u0000GET / HTTP/1.1\r\n" + H + END, 400);
		reject("del-in-field-value", GET + "X-A: a\u007fb\r\n" + END, 400);
		reject("vt-in-field-value", GET + "X-A: a\u000bb\r\n" + END, 400);
		reject("esc-in-target", "GET /\u001b[31m HTTP/1.1\r\n" + H + END, 400);
		reject("obs-text-in-target", "GET /caf\u00e9 HTTP/1.1\r\n" + H + END, 400);
		reject("encoded-nul-in-path", "GET /a%00b HTTP/1.1\r\n" + H + END, 400);
		accept("obs-text-in-field-value", GET + "X-A: caf\u00e9\r\n" + END);
		accept("tab-in-field-value", GET + "X-A: a\tb\r\n" + END);
	}

	private void tokens() {
		group = "Invalid tokens";
		reject("method-parenthesis", "G(T / HTTP/1.1\r\n" + H + END, 400);
		reject("method-slash", "GET/ / HTTP/1.1\r\n" + H + END, 400);
		reject("method-empty", " / HTTP/1.1\r\n" + H + END, 400);
		reject("method-lower-case", "get / HTTP/1.1\r\n" + H + END, 501);
		reject("method-unknown", "FOO / HTTP/1.1\r\n" + H + END, 501);
		reject("field-name-parenthesis", GET + "X(A): b\r\n" + END, 400);
		reject("field-name-at", GET + "X@A: b\r\n" + END, 400);
		reject("field-name-empty", GET + ": b\r\n" + END, 400);
		reject("field-name-utf8", GET + "X-\u00e9: b\r\n" + END, 400);
		reject("field-without-colon", GET + "X-A b\r\n" + END, 400);
	}

	private void sizes() {
		group = "Oversized lines and sections";
		reject("request-line-too-long", "GET /" + "a".repeat(8200) + " HTTP/1.1\r\n" + H + END, 414);
		reject("field-line-too-long", GET + "X-A: " + "a".repeat(8200) + "\r\n" + END, 431);
		reject("header-section-too-large", GET + ("X-A: " + "a".repeat(90) + "\r\n").repeat(90) + END, 431);
		reject("too-many-fields", GET + "X-A: a\r\n".repeat(101) + END, 431);
		accept("header-section-at-limit", GET + ("X-A: " + "a".repeat(90) + "\r\n").repeat(80) + END);
	}

	private void absoluteForm() {
		group = "Absolute-form and Host";
		accept("absolute-form-same-host", "GET http://x/ HTTP/1.1\r\n" + H + END);
		accept("absolute-form-https", "GET https://x/ HTTP/1.1\r\n" + H + END);
		accept("absolute-form-case", "GET HTTP://X/ HTTP/1.1\r\nHost: X\r\n" + END);
		accept("absolute-form-port-differs", "GET http://x:8080/ HTTP/1.1\r\nHost: x:9090\r\n" + END);
		reject("absolute-form-other-host", "GET http://other/ HTTP/1.1\r\n" + H + END, 400);
		reject("absolute-form-no-host-field", "GET http://x/ HTTP/1.1\r\n" + END, 400);
		reject("absolute-form-userinfo", "GET http://u@x/ HTTP/1.1\r\n" + H + END, 400);
		reject("absolute-form-ftp", "GET ftp://x/ HTTP/1.1\r\n" + H + END, 400);
		reject("absolute-form-empty-authority", "GET http:/// HTTP/1.1\r\n" + H + END, 400);
	}

	private void host() {
		group = "Host variants";
		reject("host-missing", "GET / HTTP/1.1\r\n" + END, 400);
		reject("host-empty", "GET / HTTP/1.1\r\nHost:\r\n" + END, 400);
		reject("host-duplicate-same", "GET / HTTP/1.1\r\n" + H + H + END, 400);
		reject("host-duplicate-differ", "GET / HTTP/1.1\r\n" + H + "Host: y\r\n" + END, 400);
		reject("host-list", "GET / HTTP/1.1\r\nHost: x, y\r\n" + END, 400);
		reject("host-space", "GET / HTTP/1.1\r\nHost: x y\r\n" + END, 400);
		reject("host-bad-port", "GET / HTTP/1.1\r\nHost: x:abc\r\n" + END, 400);
		reject("host-port-too-big", "GET / HTTP/1.1\r\nHost: x:99999\r\n" + END, 400);
		reject("host-empty-port", "GET / HTTP/1.1\r\nHost: x:\r\n" + END, 400);
		reject("host-userinfo", "GET / HTTP/1.1\r\nHost: u@x\r\n" + END, 400);
		reject("host-path", "GET / HTTP/1.1\r\nHost: x/y\r\n" + END, 400);
		reject("host-ipv6-unclosed", "GET / HTTP/1.1\r\nHost: [::1\r\n" + END, 400);
		reject("host-duplicate-http10", "GET / HTTP/1.0\r\n" + H + H + END, 400);
		accept("host-ipv6", "GET / HTTP/1.1\r\nHost: [::1]:80\r\n" + END);
		accept("host-with-port", "GET / HTTP/1.1\r\nHost: x:80\r\n" + END);
		// HTTP/1.0 needs no Host, and without keep-alive it closes after the answer
		custom("host-missing-http10", "GET / HTTP/1.0\r\n" + END, true, false, 200);
	}

	private void specialTargets() {
		group = "OPTIONS * and CONNECT";
		custom("options-asterisk", "OPTIONS * HTTP/1.1\r\n" + H + END, false, true, 204);
		reject("get-asterisk", "GET * HTTP/1.1\r\n" + H + END, 400);
		reject("connect-authority-form", "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n" + END, 501);
		reject("connect-origin-form", "CONNECT / HTTP/1.1\r\n" + H + END, 501);
		reject("authority-form-on-get", "GET x:443 HTTP/1.1\r\n" + H + END, 400);
		reject("fragment-in-target", "GET /#f HTTP/1.1\r\n" + H + END, 400);
		reject("path-above-root", "GET /../etc/passwd HTTP/1.1\r\n" + H + END, 400);
	}

	private void versions() {
		group = "HTTP/0.9, HTTP/2 and versions";
		reject("http09-simple-request", "GET /\r\n", 400);
		reject("http2-preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
		reject("http20-request", "GET / HTTP/2.0\r\n" + H + END, 505);
		reject("http12-request", "GET / HTTP/1.2\r\n" + H + END, 505);
		reject("http30-request", "GET / HTTP/3.0\r\n" + H + END, 505);
		reject("version-lower-case", "GET / http/1.1\r\n" + H + END, 400);
		reject("version-two-digit-minor", "GET / HTTP/1.10\r\n" + H + END, 400);
		reject("version-leading-zero", "GET / HTTP/01.1\r\n" + H + END, 400);
		reject("version-missing-minor", "GET / HTTP/1\r\n" + H + END, 400);
	}

	private void garbage() {
		group = "Garbage before the request line";
		accept("empty-lines-before-request", "\r\n\r\n" + GET + END);
		reject("nine-empty-lines", "\r\n".repeat(9) + GET + END, 400);
		reject("tls-client-hello", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", 400);
		reject("text-line-before-request", "hello\r\n" + GET + END, 400);
		reject("json-before-request", "{\"a\":1}\r\n" + GET + END, 400);
	}

	private void pipelining() {
		group = "Pipelining after a bad request";
		custom("good-bad-probe", GET + END + "GET / HTTP/1.1\r\nHost : x\r\n" + END, true, false, 200, 400);
		custom("good-good-bad-probe", GET + END + GET + END + "G\u0000T / HTTP/1.1\r\n" + H + END, true, false, 200,
				200, 400);
		custom("expect-unknown", GET + "Expect: teapot\r\n" + END, true, false, 417);
		custom("expect-100-continue", POST + "Content-Length: 5\r\nExpect: 100-continue\r\n" + END + "hello", false,
				true, 100, 200);
		custom("connection-close-then-probe", GET + "Connection: close\r\n" + END, true, false, 200);
		custom("body-swallows-nothing",
				POST + "Content-Length: 5\r\n" + END + "helloGET /smuggled HTTP/1.1\r\n" + H + END, false, true, 200,
				404);
	}

	private void reject(String id, String wire, int status) {
		cases.add(new Case(id, group, wire, List.of(status), true, false));
	}

	private void accept(String id, String wire) {
		cases.add(new Case(id, group, wire, List.of(200), false, true));
	}

	private void custom(String id, String wire, boolean closes, boolean probeServed, Integer... statuses) {
		cases.add(new Case(id, group, wire, List.of(statuses), closes, probeServed));
	}

}
