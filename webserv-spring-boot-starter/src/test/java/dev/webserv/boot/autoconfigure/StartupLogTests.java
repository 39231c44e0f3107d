package dev.webserv.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.webserv.boot.WebservWebServer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StartupLogTests {

	@Test
	void saysWhichServerListensWhere(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
			.withPropertyValues("webserv.io-threads=1", "webserv.servers[0].name=public",
					"webserv.servers[0].listen=127.0.0.1:0", "webserv.servers[1].name=admin",
					"webserv.servers[1].listen=127.0.0.1:0,127.0.0.1:0")
			.run(context -> {
				WebservWebServer server = context.getBean(WebservWebServer.class);
				int admin = server.getServerPorts().get("admin").get(0);
				int admin2 = server.getServerPorts().get("admin").get(1);
				assertThat(output).contains("webserv started: public on 127.0.0.1:" + server.getPort("public")
						+ ", admin on 127.0.0.1:" + admin + " and 127.0.0.1:" + admin2);
			});
	}

}
