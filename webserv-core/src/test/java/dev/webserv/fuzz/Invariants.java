package dev.webserv.fuzz;

import java.util.Objects;

/** Plain checks for fuzz targets: AssertJ is too slow to run a million times. */
final class Invariants {

	private Invariants() {
	}

	static void check(boolean condition, String what) {
		if (!condition) {
			throw new AssertionError("invariant broken: " + what);
		}
	}

	static void same(Object actual, Object expected, String what) {
		if (!Objects.equals(actual, expected)) {
			throw new AssertionError(what + ": expected\n" + expected + "\nbut was\n" + actual);
		}
	}

}
