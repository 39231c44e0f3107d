package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class AccessRulesTest {

	@Test
	void accessRulesTakeTheFirstMatchAndAllowWhenNoneMatches() throws Exception {
		AccessRules rules = AccessRules.parse(List.of("deny 10.1.0.0/16", "allow 10.0.0.0/8", "deny all"), "access");

		assertThat(rules.allows(InetAddress.getByName("10.1.2.3"))).isFalse();
		assertThat(rules.allows(InetAddress.getByName("10.2.2.3"))).isTrue();
		assertThat(rules.allows(InetAddress.getByName("192.0.2.1"))).isFalse();
		assertThat(AccessRules.parse(List.of("deny 10.0.0.0/8"), "access").allows(InetAddress.getByName("192.0.2.1")))
			.isTrue();
	}

	@Test
	void accessRulesThatDoNotParseNameTheSettingAndTheRule() {
		assertThatThrownBy(() -> AccessRules.parse(List.of("allow 10.0.0.0/40"), "location /admin: access"))
			.hasMessageContaining("location /admin: access")
			.hasMessageContaining("10.0.0.0/40");
		assertThatThrownBy(() -> AccessRules.parse(List.of("permit 10.0.0.0/8"), "access"))
			.hasMessageContaining("'permit 10.0.0.0/8' is not a rule");
		assertThatThrownBy(() -> AccessRules.parse(List.of("allow"), "access")).hasMessageContaining("is not a rule");
	}

}
