package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Published vectors: Openwall's crypt_blowfish wrapper.c test table, and hashes from
 * OpenBSD-compatible implementations' tests.
 */
class BcryptTest {

	private static final String[][] VECTORS = {
			{ "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U" },
			{ "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK", "U*U*" },
			{ "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a", "U*U*U" },
			{ "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui",
					"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored" },
			{ "$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "\u00a3" },
			{ "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "\u00a3" },
			{ "$2y$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e", "\u00ff\u00a3345" },
			{ "$2a$05$bvIG6Nmid91Mu9RcmmWZfO5HJIMCT8riNW0hEp8f6/FuA2/mHZFpe", "password" },
			{ "$2a$04$mlr.PoDP3w4SzMh8A/td4O2LE5lJcM2/JSPEwYH0wXmT/Ai.Ip3GG", "twist" } };

	@Test
	void piGivesBlowfishsInitialWords() {
		int[] words = Bcrypt.piWords(18 + 1024);

		assertThat(words[0]).isEqualTo(0x243F6A88);
		assertThat(words[17]).isEqualTo(0x8979FB1B);
		assertThat(words[18]).isEqualTo(0xD1310BA6);
		assertThat(words[18 + 1023]).isEqualTo(0x3AC372E6);
	}

	@Test
	void verifiesThePublishedVectors() {
		for (String[] vector : VECTORS) {
			byte[] password = vector[1].getBytes(StandardCharsets.ISO_8859_1); // bytes,
																				// as in C
			assertThat(Bcrypt.Hash.parse(vector[0]).matches(password)).as(vector[0]).isTrue();
		}
	}

	@Test
	void refusesAWrongPasswordAndOneCutShort() {
		Bcrypt.Hash hash = Bcrypt.Hash.parse(VECTORS[0][0]);

		assertThat(hash.matches("U*u".getBytes(StandardCharsets.US_ASCII))).isFalse();
		assertThat(hash.matches("U*".getBytes(StandardCharsets.US_ASCII))).isFalse();
		assertThat(hash.matches(new byte[0])).isFalse();
	}

	@Test
	void refusesHashesThatAreNotBcrypt() {
		assertThatThrownBy(() -> Bcrypt.Hash.parse("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
			.hasMessageContaining("not a bcrypt hash");
		assertThatThrownBy(() -> Bcrypt.Hash.parse("$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW!"))
			.hasMessageContaining("not a bcrypt hash");
		assertThatThrownBy(() -> Bcrypt.Hash.parse("$2y$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
			.hasMessageContaining("cost");
		assertThatThrownBy(() -> Bcrypt.Hash.parse("$2y$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
			.hasMessageContaining("cost");
		assertThatThrownBy(() -> Bcrypt.Hash.parse("$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe*"))
			.hasMessageContaining("bad character");
	}

}
