package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFileTest {

	@TempDir
	Path directory;

	@Test
	void anUnknownUserCostsWhatAWrongPasswordCosts() throws Exception {
		Path file = directory.resolve("users");
		Files.write(file, List.of("known:" + BcryptLines.hash("right", 10), "sha:" + BasicAuthSocketTest.sha("x")));
		UserFile users = UserFile.load(file);
		byte[] wrong = "wrong".getBytes(StandardCharsets.UTF_8);
		users.verify("known", wrong); // warm up

		long wrongPassword = median(() -> users.verify("known", wrong));
		long unknownUser = median(() -> users.verify("nobody", wrong));

		assertThat(users.verify("known", "right".getBytes(StandardCharsets.UTF_8))).isTrue();
		assertThat(users.verify("nobody", wrong)).isFalse();
		// both run bcrypt at cost 10 (tens of ms); a lookup alone would take microseconds
		assertThat(unknownUser).isGreaterThan(wrongPassword / 2);
	}

	private static long median(Runnable check) {
		long[] times = new long[5];
		for (int i = 0; i < times.length; i++) {
			long start = System.nanoTime();
			check.run();
			times[i] = System.nanoTime() - start;
		}
		Arrays.sort(times);
		return times[times.length / 2];
	}

}
