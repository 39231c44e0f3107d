package dev.webserv.bench.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's /proc, in clock ticks: what the bench's clients read at the start
 * and end of a measured window.
 */
final class ProcStat {

	private ProcStat() {
	}

	/**
	 * utime + stime of a process (its threads included), in clock ticks; -1 for a pid of
	 * 0 or less (not asked).
	 */
	static long cpuTicks(long pid) throws IOException {
		if (pid <= 0) {
			return -1;
		}
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** The sum over some processes (a server's master and workers). */
	static long cpuTicks(long[] pids) throws IOException {
		long total = 0;
		for (long pid : pids) {
			total += cpuTicks(pid);
		}
		return total;
	}

	/**
	 * Busy ticks of the whole machine (user, nice, system, irq, softirq, steal), from
	 * /proc/stat.
	 */
	static long machineTicks() throws IOException {
		String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
		return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
				+ Long.parseLong(f[7]) + Long.parseLong(f[8]);
	}

}
