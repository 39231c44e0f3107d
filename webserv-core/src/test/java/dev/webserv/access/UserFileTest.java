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

		long[] wrongPassword = new long[9];
		long[] unknownUser = new long[9];
		for (int i = 0; i < 9; i++) { // interleaved, so both see the same machine load
			wrongPassword[i] = time(() -> users.verify("known", wrong));
			unknownUser[i] = time(() -> users.verify("nobody", wrong));
		}

		assertThat(users.verify("known", "right".getBytes(StandardCharsets.UTF_8))).isTrue();
		assertThat(users.verify("nobody", wrong)).isFalse();
		// both run bcrypt at cost 10 (tens of ms); a lookup alone would take
		// microseconds,
		// a thousand times less: a factor of 4 leaves room for a busy machine
		assertThat(median(unknownUser)).isGreaterThan(median(wrongPassword) / 4);
	}

	private static long time(Runnable check) {
		long start = System.nanoTime();
		check.run();
		return System.nanoTime() - start;
	}

	private static long median(long[] times) {
		Arrays.sort(times);
		return times[times.length / 2];
	}

}
