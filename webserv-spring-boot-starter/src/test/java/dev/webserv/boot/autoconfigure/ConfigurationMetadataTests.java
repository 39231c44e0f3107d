package dev.webserv.boot.autoconfigure;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration processor ran (it is listed in annotationProcessorPaths) and its
 * metadata describes every webserv.* property, so IDEs complete and explain them.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataDescribesEveryWebservProperty() throws Exception {
		Map<String, JsonNode> metadata = properties();
		Set<String> expected = new TreeSet<>();
		collect("webserv", WebservProperties.class, expected);
		assertThat(metadata.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		for (String name : expected) {
			JsonNode property = metadata.get(name);
			assertThat(property.path("description").asString("")).as(name + " description").isNotBlank();
			assertThat(property.path("type").asString("")).as(name + " type").isNotBlank();
			assertThat(property.path("sourceType").asString("")).as(name + " source")
				.startsWith(WebservProperties.class.getName());
		}
	}

	@Test
	void metadataGivesLiteralDefaults() throws Exception {
		Map<String, JsonNode> metadata = properties();
		assertThat(metadata.get("webserv.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(metadata.get("webserv.limits.max-connections").get("defaultValue").asInt()).isEqualTo(10000);
		assertThat(metadata.get("webserv.limits.max-body-size").get("defaultValue").asString()).isEqualTo("1MB");
		assertThat(metadata.get("webserv.timeouts.header").get("defaultValue").asString()).isEqualTo("10s");
		assertThat(metadata.get("webserv.limits.max-header-size").has("defaultValue")).isFalse();
		assertThat(metadata.get("webserv.limits.max-header-size").get("description").asString())
			.contains("server.max-http-request-header-size");
	}

	@Test
	void metadataDefaultsAreTheCoresValues() throws Exception {
		Map<String, JsonNode> metadata = properties();
		dev.webserv.config.Limits limits = dev.webserv.config.Limits.DEFAULTS;
		dev.webserv.config.Timeouts timeouts = dev.webserv.config.Timeouts.DEFAULTS;
		assertThat(metadata.get("webserv.limits.max-connections").get("defaultValue").asInt())
			.isEqualTo(limits.maxConnections());
		assertThat(metadata.get("webserv.limits.backlog").get("defaultValue").asInt()).isEqualTo(limits.backlog());
		assertThat(size(metadata, "webserv.limits.max-request-line-length")).isEqualTo(limits.maxRequestLineLength());
		assertThat(metadata.get("webserv.limits.max-header-count").get("defaultValue").asInt())
			.isEqualTo(limits.maxHeaderCount());
		assertThat(size(metadata, "webserv.limits.max-body-size")).isEqualTo(limits.maxBodySize());
		assertThat(metadata.get("webserv.limits.max-requests-per-connection").get("defaultValue").asInt())
			.isEqualTo(limits.maxRequestsPerConnection());
		assertThat(size(metadata, "webserv.limits.body-memory-threshold")).isEqualTo(limits.bodyMemoryThreshold());
		assertThat(metadata.get("webserv.limits.max-cgi-processes").get("defaultValue").asInt())
			.isEqualTo(limits.maxCgiProcesses());
		assertThat(metadata.get("webserv.limits.reclaim-at-limit").get("defaultValue").asBoolean())
			.isEqualTo(limits.reclaimAtLimit());
		assertThat(metadata.get("webserv.limits.max-first-heads-per-address").get("defaultValue").asInt())
			.isEqualTo(limits.maxFirstHeadsPerAddress());
		assertThat(duration(metadata, "webserv.timeouts.header")).isEqualTo(timeouts.header());
		assertThat(duration(metadata, "webserv.timeouts.idle")).isEqualTo(timeouts.idle());
		assertThat(duration(metadata, "webserv.timeouts.body")).isEqualTo(timeouts.body());
		assertThat(size(metadata, "webserv.timeouts.min-body-rate")).isEqualTo(timeouts.minBodyRate());
		assertThat(duration(metadata, "webserv.timeouts.write")).isEqualTo(timeouts.write());
		assertThat(size(metadata, "webserv.timeouts.min-write-rate")).isEqualTo(timeouts.minWriteRate());
		assertThat(duration(metadata, "webserv.timeouts.handler")).isEqualTo(timeouts.handler());
		assertThat(duration(metadata, "webserv.timeouts.cgi")).isEqualTo(timeouts.cgi());
		assertThat(duration(metadata, "webserv.timeouts.handshake")).isEqualTo(timeouts.handshake());
	}

	@Test
	void metadataDescribesTheKeysReadOutsideWebservAndTheListElements() throws Exception {
		JsonNode health = null;
		for (URL url : Collections
			.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
					if (property.get("name").asString().equals("management.health.webserv.enabled")) {
						health = property;
					}
				}
			}
		}
		assertThat(health).isNotNull();
		assertThat(health.get("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(health.get("description").asString()).isNotBlank();
		assertThat(properties().get("webserv.servers").get("description").asString()).contains("listen", "server-names",
				"root", "locations", "upload-dir", "classpath:");
		for (String timeout : new String[] { "header", "idle", "body", "write", "handler", "cgi", "shutdown",
				"handshake" }) {
			assertThat(properties().get("webserv.timeouts." + timeout).get("description").asString()).as(timeout)
				.contains("A bare number is seconds");
		}
	}

	private static long size(Map<String, JsonNode> metadata, String name) {
		return org.springframework.util.unit.DataSize.parse(metadata.get(name).get("defaultValue").asString())
			.toBytes();
	}

	private static java.time.Duration duration(Map<String, JsonNode> metadata, String name) {
		return org.springframework.boot.convert.DurationStyle
			.detectAndParse(metadata.get(name).get("defaultValue").asString(), java.time.temporal.ChronoUnit.SECONDS);
	}

	@Test
	void autoConfigureProcessorRan() throws Exception {
		try (InputStream in = getClass().getClassLoader()
			.getResourceAsStream("META-INF/spring-autoconfigure-metadata.properties")) {
			assertThat(in).isNotNull();
			assertThat(new String(in.readAllBytes())).contains(WebservAutoConfiguration.class.getName());
		}
	}

	private Map<String, JsonNode> properties() throws Exception {
		Map<String, JsonNode> properties = new HashMap<>();
		for (URL url : Collections
			.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith("webserv.")) {
						properties.put(name, property);
					}
				}
			}
		}
		assertThat(properties).as("generated webserv metadata").isNotEmpty();
		return properties;
	}

	/**
	 * Every bindable field, nested groups (Limits, Timeouts) expanded; lists of servers
	 * are one property.
	 */
	private static void collect(String prefix, Class<?> type, Set<String> names) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = prefix + "." + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
			if (field.getType().getDeclaringClass() == WebservProperties.class) {
				collect(name, field.getType(), names);
			}
			else {
				names.add(name);
			}
		}
	}

}
