package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateZoneTest {

	private final AtomicLong now = new AtomicLong(1_000_000);

	@Test
	void letsTheBurstThroughAtOnceWithNodelayThenRefuses() {
		RateZone zone = new RateZone(10_000, 100, now::get); // 10r/s

		for (int i = 0; i < 21; i++) { // the first, then a burst of 20
			assertThat(zone.take(ip(1), 20, true).allowed()).as("request " + i).isTrue();
		}
		RateZone.Decision refused = zone.take(ip(1), 20, true);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfterSeconds()).isEqualTo(1);
		assertThat(zone.take(ip(2), 20, true).allowed()).as("another client").isTrue();
	}

	@Test
	void leaksAtTheRate() {
		RateZone zone = new RateZone(10_000, 100, now::get);
		zone.take(ip(1), 0, true);
		assertThat(zone.take(ip(1), 0, true).allowed()).isFalse();

		now.addAndGet(99);
		assertThat(zone.take(ip(1), 0, true).allowed()).isFalse();
		now.addAndGet(1);
		assertThat(zone.take(ip(1), 0, true).allowed()).isTrue();
	}

	@Test
	void delaysExcessRequestsWithoutNodelay() {
		RateZone zone = new RateZone(10_000, 100, now::get);

		assertThat(zone.take(ip(1), 5, false).delayMillis()).isZero();
		assertThat(zone.take(ip(1), 5, false).delayMillis()).isEqualTo(100);
		assertThat(zone.take(ip(1), 5, false).delayMillis()).isEqualTo(200);
	}

	@Test
	void retryAfterCoversTheWholeWaitAtSlowRates() {
		RateZone zone = new RateZone(500, 100, now::get); // 30r/m: one every 2 s
		zone.take(ip(1), 0, true);

		assertThat(zone.take(ip(1), 0, true).retryAfterSeconds()).isEqualTo(2);
	}

	@Test
	void remembersAtMostItsSizeForgettingTheOldest() {
		RateZone zone = new RateZone(1_000, 2, now::get);
		zone.take(ip(1), 0, true);
		zone.take(ip(2), 0, true);
		zone.take(ip(3), 0, true);

		assertThat(zone.clients()).isEqualTo(2);
		assertThat(zone.take(ip(3), 0, true).allowed()).as("remembered").isFalse();
		assertThat(zone.take(ip(1), 0, true).allowed()).as("forgotten, so a fresh bucket").isTrue();
	}

	@Test
	void connectionZoneCountsPerAddressAndForgetsAtZero() {
		ConnectionZone zone = new ConnectionZone(2);

		assertThat(zone.acquire(ip(1), 2)).isTrue();
		assertThat(zone.acquire(ip(1), 2)).isTrue();
		assertThat(zone.acquire(ip(1), 2)).isFalse();
		assertThat(zone.acquire(ip(2), 2)).isTrue();
		assertThat(zone.acquire(ip(3), 2)).as("the table is full").isFalse();
		zone.release(ip(2));
		assertThat(zone.clients()).isEqualTo(1);
		assertThat(zone.acquire(ip(3), 2)).isTrue();
	}

	private static InetAddress ip(int last) {
		try {
			return InetAddress.getByAddress(new byte[] { (byte) 192, 0, 2, (byte) last });
		}
		catch (java.net.UnknownHostException e) {
			throw new IllegalStateException(e);
		}
	}

}
