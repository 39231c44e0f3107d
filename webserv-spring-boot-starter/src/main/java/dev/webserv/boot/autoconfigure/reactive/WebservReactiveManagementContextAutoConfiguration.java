package dev.webserv.boot.autoconfigure.reactive;

import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;

import dev.webserv.boot.reactive.WebservReactiveWebServerFactory;

/**
 * {@code management.server.port} for WebFlux on webserv: Boot runs Actuator in a child
 * context with a server of its own, made from the main factory's class (a plain webserv
 * on the management port: no {@code webserv.servers} locations) and customized by this
 * auto-configuration's server keys and Boot's management customizer. With Reactor Netty
 * also present, Netty's management factory does the same job and this one backs off.
 */
@AutoConfiguration(after = WebservReactiveWebServerAutoConfiguration.class, afterName = {
		"org.springframework.boot.reactor.netty.autoconfigure.actuate.web.server.NettyReactiveManagementContextAutoConfiguration",
		"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyReactiveManagementContextAutoConfiguration" })
@ConditionalOnClass({ ManagementContextFactory.class, Mono.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
@ConditionalOnBean(WebservReactiveWebServerFactory.class)
public final class WebservReactiveManagementContextAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ManagementContextFactory.class)
	static ManagementContextFactory reactiveWebChildContextFactory() {
		return new ManagementContextFactory(WebApplicationType.REACTIVE, ReactiveWebServerFactory.class,
				WebservReactiveWebServerAutoConfiguration.class);
	}

}
