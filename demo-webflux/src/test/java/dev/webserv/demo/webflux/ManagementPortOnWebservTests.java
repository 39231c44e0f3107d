package dev.webserv.demo.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** The management server on webserv: the child context's server is webserv too. */
class ManagementPortOnWebservTests extends SeparateManagementPortTests {

	@Test
	void theManagementServerIsWebserv() throws Exception {
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(response.headers().firstValue("Server"))
			.hasValueSatisfying(server -> assertThat(server).startsWith("webserv"));
	}

}
