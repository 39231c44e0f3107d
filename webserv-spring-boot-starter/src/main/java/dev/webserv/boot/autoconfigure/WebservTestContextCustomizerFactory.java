package dev.webserv.boot.autoconfigure;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Tells webserv which {@code @SpringBootTest} web environment a test asked for, which the
 * properties Boot's test bootstrapper sets cannot (an application's own
 * spring.main.web-application-type=none looks the same as NONE): RANDOM_PORT moves every
 * listen address to a free port, NONE starts no listener. Registered in spring.factories
 * for Spring's test framework only; never loaded outside tests.
 */
public final class WebservTestContextCustomizerFactory implements ContextCustomizerFactory {

	private static final String SPRING_BOOT_TEST = "org.springframework.boot.test.context.SpringBootTest";

	/** The property carrying the web environment's name into the application. */
	static final String PROPERTY = "dev.webserv.test.web-environment";

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		// by name: an application may test with Spring's framework and no
		// spring-boot-test
		var annotation = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).get(SPRING_BOOT_TEST);
		if (!annotation.isPresent()) {
			return null;
		}
		return new WebEnvironment(String.valueOf(annotation.getValue("webEnvironment").orElse("MOCK")));
	}

	private record WebEnvironment(String name) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("webservTestWebEnvironment", Map.of(PROPERTY, name)));
		}

	}

}
