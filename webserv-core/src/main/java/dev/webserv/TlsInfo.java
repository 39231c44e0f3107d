package dev.webserv;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a request's connection agreed in its TLS handshake: a handler reads it with
 * {@link Request#tls()} (null on a plain connection).
 *
 * @param protocol the protocol ("TLSv1.3")
 * @param cipherSuite the cipher suite ("TLS_AES_128_GCM_SHA256")
 * @param serverName the SNI name the client sent, lower-cased, or null
 * @param clientCertificates the client's verified certificate chain, its own first; empty
 * when it sent none
 */
public record TlsInfo(String protocol, String cipherSuite, String serverName,
		List<X509Certificate> clientCertificates) {

	public TlsInfo {
		clientCertificates = List.copyOf(clientCertificates);
	}

	/** The client's own certificate, or null when it sent none. */
	public X509Certificate clientCertificate() {
		return clientCertificates.isEmpty() ? null : clientCertificates.get(0);
	}

}
