package dev.webserv.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Which property sources define elements of {@code webserv.servers}. Boot binds a list
 * from the highest source that has any of its elements, whole: so
 * {@code --webserv.servers[0].root=/srv} on the command line does not change the root of
 * the first server of application.yml, it replaces the whole list with one server that
 * has only a root.
 */
final class ServerListSources {

	private static final ConfigurationPropertyName SERVERS = ConfigurationPropertyName.of("webserv.servers");

	private ServerListSources() {
	}

	/** The names of the sources defining webserv.servers elements, highest first. */
	static List<String> of(Environment environment) {
		List<String> names = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable
					&& iterable.stream().anyMatch(SERVERS::isAncestorOf)) {
				Object underlying = source.getUnderlyingSource();
				names.add(underlying instanceof org.springframework.core.env.PropertySource<?> property
						? property.getName() : String.valueOf(underlying));
			}
		}
		return names;
	}

}
