package dev.webserv.eventloop;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * When a loop checks its members' deadlines. A member is either <em>swept</em>, checked
 * at every sweep (a connection in the middle of a request: its deadlines measure progress
 * and may pass at any sweep), or <em>resting</em> until a time it named
 * ({@link EventLoop#rest}): an idle keep-alive connection, whose one deadline is known in
 * advance. Resting members wait in a queue ordered by that time, so a sweep touches the
 * swept members and the resting ones that are due, never the others: 10,000 idle
 * connections cost nothing until the first of them is due. A resting member that is
 * served, or that asks ({@link EventLoop#watch}), is swept again.
 * <p>
 * Both are intrusive doubly linked lists (no allocation per move). The resting queue is
 * kept sorted by inserting from its tail: members rest in about the order their deadlines
 * come (the idle timeout is one value per server), so an insertion walks back a step or
 * two at most. Loop thread only.
 */
final class Schedule {

	/** A member's place: in the swept list, in the resting queue, or in neither. */
	static final class Slot {

		final EventLoop.Member member;

		final boolean timed;

		long due;

		boolean resting;

		Slot prev;

		Slot next;

		Slot(EventLoop.Member member, boolean timed) {
			this.member = member;
			this.timed = timed;
		}

		boolean linked() {
			return next != null;
		}

	}

	/** Open addressing, no entry objects: a slot is all a member costs beyond it. */
	private final Map<EventLoop.Member, Slot> slots = new IdentityHashMap<>();

	private final Slot swept = sentinel();

	private final Slot resting = sentinel();

	/** The next slot a sweep in progress will check: kept valid across unlinks. */
	private Slot sweepNext;

	private static Slot sentinel() {
		Slot head = new Slot(null, false);
		head.prev = head;
		head.next = head;
		return head;
	}

	/** A new timed member: swept until it rests. */
	Slot add(EventLoop.Member member) {
		Slot slot = new Slot(member, true);
		Slot old = slots.put(member, slot);
		if (old != null) {
			unlink(old);
		}
		linkBefore(swept, slot, false);
		return slot;
	}

	void remove(EventLoop.Member member) {
		Slot slot = slots.remove(member);
		if (slot != null) {
			unlink(slot);
		}
	}

	boolean isEmpty() {
		return slots.isEmpty();
	}

	/** The timed members, in no particular order. */
	Collection<EventLoop.Member> members() {
		return Collections.unmodifiableCollection(slots.keySet());
	}

	/** Rests the member until {@code due}: no check before then unless woken. */
	void rest(EventLoop.Member member, long due) {
		Slot slot = slots.get(member);
		if (slot == null) {
			return; // closed meanwhile
		}
		unlink(slot);
		slot.due = due;
		Slot after = resting.prev;
		while (after != resting && after.due - due > 0) {
			after = after.prev;
		}
		linkBefore(after.next, slot, true);
	}

	/** Sweeps the member again if it rests. */
	void watch(EventLoop.Member member) {
		Slot slot = slots.get(member);
		if (slot != null) {
			wake(slot);
		}
	}

	/** Sweeps the slot again if it rests; cheap when it does not. */
	void wake(Slot slot) {
		if (slot.resting) {
			unlink(slot);
			linkBefore(swept, slot, false);
		}
	}

	/**
	 * When the loop next needs to sweep, given the sweep due at {@code nextSweep}:
	 * {@code nextSweep} while any member is swept, the first resting member's time (not
	 * before {@code nextSweep}) when all rest, else {@link Long#MAX_VALUE}.
	 */
	long nextCheck(long nextSweep) {
		if (swept.next != swept) {
			return nextSweep;
		}
		if (resting.next != resting) {
			long due = resting.next.due;
			return due - nextSweep > 0 ? due : nextSweep;
		}
		return Long.MAX_VALUE;
	}

	/**
	 * Moves the resting members due at {@code now} to the swept ones, then checks every
	 * swept member; members may rest, wake, leave or close during it.
	 */
	void sweep(long now, Consumer<EventLoop.Member> check) {
		while (resting.next != resting && resting.next.due - now <= 0) {
			wake(resting.next);
		}
		Slot slot = swept.next;
		try {
			while (slot != swept) {
				sweepNext = slot.next;
				check.accept(slot.member);
				slot = sweepNext;
			}
		}
		finally {
			sweepNext = null;
		}
	}

	private static void linkBefore(Slot at, Slot slot, boolean rests) {
		slot.resting = rests;
		slot.prev = at.prev;
		slot.next = at;
		at.prev.next = slot;
		at.prev = slot;
	}

	private void unlink(Slot slot) {
		if (!slot.linked()) {
			return;
		}
		if (slot == sweepNext) {
			sweepNext = slot.next;
		}
		slot.prev.next = slot.next;
		slot.next.prev = slot.prev;
		slot.prev = null;
		slot.next = null;
		slot.resting = false;
	}

}
