package dev.webserv.boot.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;

import dev.webserv.Handler;
import dev.webserv.Methods;
import dev.webserv.boot.ResultHandler;
import dev.webserv.boot.Routes;
import dev.webserv.boot.WebservResponses;
import dev.webserv.boot.WebservRoute;
import dev.webserv.config.Route;

/**
 * Finds the handler beans: beans carrying {@link WebservRoute} and the definitions of
 * {@link Routes} beans. Each route is named after its bean, so a conflict names both
 * beans.
 */
final class HandlerBeans {

	private final ListableBeanFactory beans;

	private final WebservResponses responses;

	HandlerBeans(ListableBeanFactory beans, WebservResponses responses) {
		this.beans = beans;
		this.responses = responses;
	}

	List<MountedRoute> routes() {
		List<MountedRoute> routes = new ArrayList<>();
		for (String name : beans.getBeanNamesForAnnotation(WebservRoute.class)) {
			WebservRoute mapping = beans.findAnnotationOnBean(name, WebservRoute.class);
			String source = "@WebservRoute bean '" + name + "'";
			Handler handler = asHandler(beans.getBean(name), source);
			Set<String> methods = methods(List.of(mapping.methods()), source + " methods");
			routes.add(new MountedRoute(route(methods, mapping.path(), handler, name, source),
					List.of(mapping.servers()), source));
		}
		for (String name : beans.getBeanNamesForType(Routes.class)) {
			for (Routes.Definition definition : beans.getBean(name, Routes.class).definitions()) {
				String routeName = name + " (" + definition.describe() + ")";
				String source = "Routes bean '" + name + "' route " + definition.describe();
				Set<String> methods = methods(definition.methods(), source);
				routes.add(new MountedRoute(
						route(methods, definition.path(), responses.handler(definition.handler()), routeName, source),
						definition.servers(), source));
			}
		}
		return routes;
	}

	/** The handler bean with this name, as a core handler. */
	Handler handlerBean(String name, String property) {
		try {
			return asHandler(beans.getBean(name), property);
		}
		catch (NoSuchBeanDefinitionException e) {
			throw new IllegalArgumentException("there is no bean named '" + name + "'");
		}
	}

	private Handler asHandler(Object bean, String source) {
		if (bean instanceof Handler handler) {
			return responses.mapExceptions(handler);
		}
		if (bean instanceof ResultHandler handler) {
			return responses.handler(handler);
		}
		throw new IllegalStateException(source + " is a " + bean.getClass().getName() + ", which implements neither "
				+ Handler.class.getName() + " nor " + ResultHandler.class.getName());
	}

	private static Route route(Set<String> methods, String path, Handler handler, String name, String source) {
		try {
			return new Route(methods, path, handler, name);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException(source + ": " + e.getMessage(), e);
		}
	}

	private static Set<String> methods(Collection<String> methods, String source) {
		try {
			return Methods.checked(source, methods);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
	}

}
