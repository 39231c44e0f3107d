package dev.webserv.boot.autoconfigure.actuate;

import java.util.Collection;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.EndpointsSupplier;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.PathMapper;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.webserv.boot.JsonWriter;
import dev.webserv.boot.Routes;
import dev.webserv.boot.autoconfigure.SslMapper;
import dev.webserv.boot.autoconfigure.WebservAutoConfiguration;

/**
 * Serves Actuator's web endpoints with webserv when the application has no Spring MVC or
 * WebFlux (Boot then runs it as a plain, non-web application and registers none of its
 * web endpoint infrastructure). The beans mirror Boot's
 * {@code WebEndpointAutoConfiguration} and
 * {@code HealthEndpointWebExtensionConfiguration} (discovery, exposure and access
 * filters, path mapping, the health web extension with its status codes and groups), each
 * {@code @ConditionalOnMissingBean}. The operations then become webserv routes:
 * <ul>
 * <li>{@code management.server.port} unset or equal to {@code server.port}: on the main
 * (first) server, under {@code management.endpoints.web.base-path}
 * ({@code /actuator});</li>
 * <li>another port: on a listener of their own ({@link ManagementListener});</li>
 * <li>a negative port: not served.</li>
 * </ul>
 * Needs Jackson 3 ({@code spring-boot-starter-jackson}) for the JSON bodies.
 */
@AutoConfiguration(before = WebservAutoConfiguration.class,
		afterName = { "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration",
				"org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
				"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier",
		"org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties",
		"tools.jackson.databind.json.JsonMapper" })
@ConditionalOnNotWebApplication
@ConditionalOnBooleanProperty(name = "webserv.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ WebEndpointProperties.class, ManagementServerProperties.class })
public final class WebservActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "webEndpointPathMapper")
	PathMapper webEndpointPathMapper(WebEndpointProperties properties) {
		return endpointId -> {
			for (var mapping : properties.getPathMapping().entrySet()) {
				if (EndpointId.fromPropertyValue(mapping.getKey()).equals(endpointId)
						&& StringUtils.hasText(mapping.getValue())) {
					return mapping.getValue();
				}
			}
			return null;
		};
	}

	@Bean
	@ConditionalOnMissingBean
	EndpointMediaTypes endpointMediaTypes() {
		return EndpointMediaTypes.DEFAULT;
	}

	@Bean
	@ConditionalOnMissingBean(WebEndpointsSupplier.class)
	WebEndpointDiscoverer webEndpointDiscoverer(ApplicationContext context, ParameterValueMapper parameterValueMapper,
			EndpointMediaTypes endpointMediaTypes, ObjectProvider<PathMapper> endpointPathMappers,
			ObjectProvider<AdditionalPathsMapper> additionalPathsMappers,
			ObjectProvider<OperationInvokerAdvisor> invokerAdvisors,
			ObjectProvider<EndpointFilter<ExposableWebEndpoint>> endpointFilters,
			ObjectProvider<OperationFilter<WebOperation>> operationFilters) {
		return new WebEndpointDiscoverer(context, parameterValueMapper, endpointMediaTypes,
				endpointPathMappers.orderedStream().toList(), additionalPathsMappers.orderedStream().toList(),
				invokerAdvisors.orderedStream().toList(), endpointFilters.orderedStream().toList(),
				operationFilters.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	PathMappedEndpoints pathMappedEndpoints(WebEndpointProperties properties,
			Collection<EndpointsSupplier<?>> endpointSuppliers) {
		return new PathMappedEndpoints(properties.getBasePath(), endpointSuppliers);
	}

	@Bean
	IncludeExcludeEndpointFilter<ExposableWebEndpoint> webExposeExcludePropertyEndpointFilter(
			WebEndpointProperties properties) {
		WebEndpointProperties.Exposure exposure = properties.getExposure();
		return new IncludeExcludeEndpointFilter<>(ExposableWebEndpoint.class, exposure.getInclude(),
				exposure.getExclude(), EndpointExposure.WEB.getDefaultIncludes());
	}

	@Bean
	OperationFilter<WebOperation> webAccessPropertiesOperationFilter(EndpointAccessResolver endpointAccessResolver) {
		return OperationFilter.byAccess(endpointAccessResolver);
	}

	@Bean
	EndpointRoutes webservEndpointRoutes(WebEndpointsSupplier endpoints, EndpointMediaTypes mediaTypes,
			ObjectProvider<EndpointJsonMapper> endpointJsonMapper, ObjectProvider<JsonWriter> jsonWriter,
			ObjectProvider<JsonMapper> jsonMapper) {
		JsonMapper applicationMapper = jsonMapper.getIfUnique(JsonMapper::shared);
		EndpointJsonMapper endpointMapper = endpointJsonMapper.getIfAvailable();
		EndpointBodies bodies = new EndpointBodies(endpointMapper != null ? endpointMapper.get() : null,
				jsonWriter.getIfUnique(() -> applicationMapper::writeValueAsBytes));
		return new EndpointRoutes(endpoints.getEndpoints(), mediaTypes, bodies, applicationMapper);
	}

	/** On the main server: a {@link Routes} bean, mounted like any handler bean. */
	@Bean
	Routes webservActuatorRoutes(EndpointRoutes routes, WebEndpointProperties properties, Environment environment) {
		Routes.Builder builder = Routes.builder();
		if (ManagementPortType.get(environment) != ManagementPortType.SAME) {
			return builder.build();
		}
		String mainServer = Binder.get(environment)
			.bind("webserv.servers[0].name", String.class)
			.map(String::trim)
			.orElse("");
		if (mainServer.isEmpty()) {
			mainServer = "0";
		}
		builder.servers(mainServer);
		String basePath = properties.getBasePath();
		boolean links = properties.getDiscovery().isEnabled() && StringUtils.hasText(basePath);
		routes.routes(basePath, WebServerNamespace.SERVER, links)
			.forEach(route -> builder.handler(route.template(), route.handler(), route.method()));
		return builder.build();
	}

	/** On a port of its own: a listener added to the server configuration. */
	@Bean
	ManagementListener webservManagementListener(EndpointRoutes routes, WebEndpointProperties properties,
			ManagementServerProperties managementProperties, Environment environment,
			ConfigurableApplicationContext context, ObjectProvider<SslBundles> sslBundles) {
		boolean separate = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
		String basePath = new EndpointMapping(managementProperties.getBasePath())
			.createSubPath(properties.getBasePath());
		boolean links = properties.getDiscovery().isEnabled();
		return new ManagementListener(separate, managementProperties, routes, basePath, links, context,
				new SslMapper(environment, sslBundles.getIfAvailable()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthEndpointWebExtension.class)
	@ConditionalOnBean(HealthEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = HealthEndpoint.class, exposure = EndpointExposure.WEB)
	static final class HealthEndpointWebExtensionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HealthEndpointWebExtension healthEndpointWebExtension(HealthContributorRegistry healthContributorRegistry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveHealthContributorRegistry,
				HealthEndpointGroups groups, HealthEndpointProperties properties) {
			return new HealthEndpointWebExtension(healthContributorRegistry,
					reactiveHealthContributorRegistry.getIfAvailable(), groups,
					properties.getLogging().getSlowIndicatorThreshold());
		}

	}

}
