package dev.webserv.config;

/**
 * A table of client addresses shared by the locations that name it: nginx's
 * {@code limit_req_zone} (with a rate) or {@code limit_conn_zone} (without).
 *
 * @param name what locations call it
 * @param milliRequestsPerSecond the rate, in thousandths of a request per second ("10r/s"
 * is 10,000, "30r/m" 500); 0 for a connection zone
 * @param size how many client addresses it remembers at most
 */
public record LimitZone(String name, long milliRequestsPerSecond, int size) {

	public LimitZone {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("a limit zone needs a name");
		}
		if (size <= 0) {
			throw new IllegalArgumentException("limit zone " + name + ": size must be positive: " + size);
		}
		if (milliRequestsPerSecond < 0) {
			throw new IllegalArgumentException("limit zone " + name + ": rate must not be negative");
		}
	}

	/** A request-rate zone with a rate written as nginx writes it: "10r/s", "30r/m". */
	public static LimitZone requests(String name, String rate, int size) {
		return new LimitZone(name, parseRate(rate, name), size);
	}

	/** A zone counting requests in progress per address. */
	public static LimitZone connections(String name, int size) {
		return new LimitZone(name, 0, size);
	}

	public boolean isRate() {
		return milliRequestsPerSecond > 0;
	}

	static long parseRate(String rate, String zone) {
		String text = rate == null ? "" : rate.trim();
		boolean perSecond = text.endsWith("r/s");
		boolean perMinute = text.endsWith("r/m");
		String digits = text.length() > 3 ? text.substring(0, text.length() - 3) : "";
		if (!(perSecond || perMinute) || digits.isEmpty() || digits.length() > 9
				|| !digits.chars().allMatch(Character::isDigit) || Long.parseLong(digits) == 0) {
			throw new IllegalArgumentException(
					"limit zone " + zone + ": rate '" + rate + "' is not like '10r/s' or '30r/m' (positive)");
		}
		long count = Long.parseLong(digits);
		return perSecond ? count * 1000 : Math.max(1, count * 1000 / 60);
	}

}
