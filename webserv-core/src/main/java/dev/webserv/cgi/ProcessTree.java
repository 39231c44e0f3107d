package dev.webserv.cgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A script and every process it started. Where util-linux {@code setsid} and
 * {@code /proc} exist (Linux), the script runs in a session of its own, so a child that
 * outlives the script (reparented to init, out of {@link Process#descendants()}) is still
 * found, by its session id, and killed. Elsewhere only the processes still below the
 * script are found. A process that leaves the session ({@code setsid}, a daemon's double
 * fork) escapes either way.
 */
final class ProcessTree {

	private static final Path PROC = Path.of("/proc");

	/** Kill rounds: a process forking while it is killed leaves a child to the next. */
	private static final int ROUNDS = 4;

	private final Process root;

	private final boolean ownSession;

	private ProcessTree(Process root, boolean ownSession) {
		this.root = root;
		this.ownSession = ownSession;
	}

	/**
	 * Waits for one line on stdin, then becomes the script (same process): the script
	 * cannot run, nor exit, before the server reads its pipes (see {@link ScriptOutput}).
	 * A shell's {@code read} takes its input a byte at a time from a pipe, so the request
	 * body that follows the line is left whole for the script.
	 */
	private static final String GATE = "read -r _ && exec \"$0\" \"$@\"";

	/**
	 * What runs a script: {@code setsid} (a session of its own) where it and /proc exist,
	 * then {@code /bin/sh} as the gate where it exists.
	 */
	static List<String> prefix() {
		List<String> prefix = new ArrayList<>();
		Path setsid = Files.isDirectory(PROC.resolve("self")) ? Interpreters.find("setsid") : null;
		if (setsid != null) {
			prefix.add(setsid.toString());
		}
		Path sh = Interpreters.find("/bin/sh");
		if (sh != null) {
			prefix.addAll(List.of(sh.toString(), "-c", GATE));
		}
		return List.copyOf(prefix);
	}

	/** Whether a prefix gates the script: it then waits for a line on stdin. */
	static boolean gated(List<String> prefix) {
		return prefix.contains(GATE);
	}

	/** Starts {@code command} after {@code prefix}. */
	static ProcessTree start(ProcessBuilder builder, List<String> prefix, List<String> command) throws IOException {
		List<String> full = new ArrayList<>(prefix);
		full.addAll(command);
		return new ProcessTree(builder.command(full).start(), !prefix.isEmpty() && prefix.get(0).endsWith("setsid"));
	}

	Process process() {
		return root;
	}

	/** Kills the script and every process of its tree or session; returns how many. */
	int kill() {
		int killed = 0;
		for (int round = 0; round < ROUNDS; round++) {
			List<ProcessHandle> alive = members();
			if (alive.isEmpty()) {
				break;
			}
			alive.forEach(ProcessHandle::destroyForcibly);
			killed += alive.size();
		}
		return killed;
	}

	/** The live processes of the tree: below the script, and in its session. */
	private List<ProcessHandle> members() {
		Set<ProcessHandle> members = new LinkedHashSet<>();
		if (root.isAlive()) {
			root.descendants().forEach(members::add);
			members.add(root.toHandle());
		}
		if (ownSession) {
			long session = root.pid(); // setsid made the script its session's leader
			ProcessHandle.allProcesses().filter(p -> session(p.pid()) == session).forEach(members::add);
		}
		return members.stream().filter(ProcessHandle::isAlive).toList();
	}

	/**
	 * Whether the script sleeps (state S in /proc): alive, and not on its way out, since
	 * a fatal signal wakes a sleeping process. False when not known (no /proc, reaped).
	 */
	boolean sleeping() {
		String[] fields = stat(root.pid());
		// alive after the read: not reaped, so the pid read was still the script's
		return fields != null && fields[0].equals("S") && root.isAlive();
	}

	/** The session id in /proc/PID/stat. */
	private static long session(long pid) {
		String[] fields = stat(pid);
		try {
			return fields == null || fields[0].equals("Z") ? -1 : Long.parseLong(fields[3]);
		}
		catch (NumberFormatException e) {
			return -1;
		}
	}

	/**
	 * The fields of /proc/PID/stat after the command name (which may hold ')'), from the
	 * state on; null when the process is gone or there is no /proc.
	 */
	private static String[] stat(long pid) {
		try {
			String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 5);
			return fields.length < 5 ? null : fields;
		}
		catch (IOException | RuntimeException e) {
			return null; // gone meanwhile
		}
	}

}
