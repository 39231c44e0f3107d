package dev.webserv.proxyprotocol;

/**
 * A PROXY protocol header broke a rule of HAProxy's proxy-protocol.txt; the connection is
 * closed without an answer (it may not even speak HTTP). Cheap: no stack trace.
 */
public final class ProxyHeaderException extends RuntimeException {

	/**
	 * Why a header was refused, each with the section of proxy-protocol.txt it breaks.
	 */
	public enum Reason {

		/** Neither "PROXY " (v1) nor the 12-byte v2 signature (§2.1, §2.2). */
		BAD_SIGNATURE,
		/**
		 * A v1 line longer than 107 bytes with its CRLF, or a v2 header past the limit.
		 */
		TOO_LONG,
		/**
		 * A v1 line not ended by CRLF, or holding a byte that is not printable ASCII
		 * (§2.1).
		 */
		BAD_LINE,
		/** A v1 address not in canonical form, or of the other family (§2.1). */
		BAD_ADDRESS,
		/** A v1 port not a decimal 0-65535 without leading zeros (§2.1). */
		BAD_PORT,
		/** A v2 version other than 2, or a command other than LOCAL and PROXY (§2.2). */
		BAD_VERSION,
		/**
		 * A v1 protocol other than TCP4, TCP6, UNKNOWN; a v2 family or protocol this
		 * server cannot use (§2.2).
		 */
		UNSUPPORTED_FAMILY,
		/**
		 * A v2 length too short for its address block, or a TLV running past it (§2.2).
		 */
		BAD_LENGTH

	}

	private final Reason reason;

	public ProxyHeaderException(Reason reason, String detail) {
		super(detail, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

}
