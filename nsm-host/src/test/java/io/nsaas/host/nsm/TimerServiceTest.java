package io.nsaas.host.nsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerServiceTest {
    private static final long MS = 1_000_000L;
    private static final long START = 1_000 * MS;

    private final TimerService<String> timers = new TimerService<>(START, 1L << 20, 64, 256);
    private final List<String> fired = new ArrayList<>();
    private final TimerService.ExpiryHandler<String> record =
        (owner, id, now) -> fired.add(owner + ":" + id + "@" + (now - START) / MS);

    @Test
    void firesAtItsDeadlineAndNotBefore() {
        long id = timers.schedule("a", START + 10 * MS);
        assertEquals(0, timers.poll(START + 10 * MS - 1, record, 100));
        assertEquals(List.of(), fired);
        assertEquals(1, timers.poll(START + 10 * MS, record, 100));
        assertEquals(List.of("a:" + id + "@10"), fired);
        assertEquals(0, timers.poll(START + 20 * MS, record, 100), "one-shot");
        assertEquals(0, timers.size());
    }

    @Test
    void deliversInDeadlineOrderWhenThePollFallsBehind() {
        long late = timers.schedule("a", START + 30 * MS);
        long early = timers.schedule("b", START + 5 * MS);
        long sameTickLater = timers.schedule("c", START + 5 * MS + 500_000);
        long sameTickEarlier = timers.schedule("d", START + 5 * MS + 100_000);
        assertEquals(4, timers.poll(START + 100 * MS, record, 100));
        assertEquals(List.of("b:" + early + "@100", "d:" + sameTickEarlier + "@100", "c:" + sameTickLater + "@100",
            "a:" + late + "@100"), fired);
    }

    @Test
    void firesEachTimerAtExactlyItsDeadlineWhenTimeJumpsToNextDeadline() {
        timers.schedule("a", START + 7 * MS + 3);
        timers.schedule("a", START + 7 * MS + 900_000);
        timers.schedule("a", START + 3_000 * MS);
        List<Long> times = new ArrayList<>();
        for (long next = timers.nextDeadline(); next != TimerService.NO_DEADLINE; next = timers.nextDeadline()) {
            timers.poll(next, (owner, id, now) -> times.add(now - START), 100);
        }
        assertEquals(List.of(7 * MS + 3, 7 * MS + 900_000, 3_000 * MS), times);
    }

    @Test
    void cancelledTimersDoNotFire() {
        long id = timers.schedule("a", START + 10 * MS);
        long other = timers.schedule("a", START + 10 * MS);
        assertTrue(timers.cancel("a", id));
        assertFalse(timers.cancel("a", id), "already cancelled");
        timers.poll(START + 50 * MS, record, 100);
        assertEquals(List.of("a:" + other + "@50"), fired);
        assertFalse(timers.cancel("a", other), "already fired");
    }

    @Test
    void anOwnerCannotCancelAnotherOwnersTimer() {
        long id = timers.schedule("a", START + 10 * MS);
        assertFalse(timers.cancel("b", id));
        assertEquals(1, timers.poll(START + 10 * MS, record, 100));
    }

    @Test
    void idsAreNeverReusedSoStaleIdsStayUnknown() {
        long first = timers.schedule("a", START + MS);
        timers.poll(START + 2 * MS, record, 100);
        long second = timers.schedule("a", START + 3 * MS);
        assertNotEquals(first, second);
        assertFalse(timers.cancel("a", first));
        assertEquals(1, timers.poll(START + 3 * MS, record, 100));
    }

    @Test
    void cancelAllRemovesOnlyThatOwnersTimers() {
        timers.schedule("a", START + MS);
        timers.schedule("a", START + 2 * MS);
        long kept = timers.schedule("b", START + 2 * MS);
        assertEquals(2, timers.cancelAll("a"));
        assertEquals(1, timers.size());
        timers.poll(START + 10 * MS, record, 100);
        assertEquals(List.of("b:" + kept + "@10"), fired);
    }

    @Test
    void aPastDeadlineFiresOnTheNextPoll() {
        timers.poll(START + 50 * MS, record, 100);
        long id = timers.schedule("a", START + 10 * MS);
        assertEquals(1, timers.poll(START + 50 * MS, record, 100));
        assertEquals(List.of("a:" + id + "@50"), fired);
    }

    @Test
    void deliversAtMostTheLimitAndTheRestOnLaterPolls() {
        for (int i = 0; i < 10; i++) {
            timers.schedule("a", START + i * MS);
        }
        assertEquals(4, timers.poll(START + 20 * MS, record, 4));
        assertEquals(4, timers.poll(START + 20 * MS, record, 4));
        assertEquals(2, timers.poll(START + 20 * MS, record, 4));
        assertEquals(10, fired.size());
        List<String> sorted = new ArrayList<>(fired);
        sorted.sort((x, y) -> Long.compare(Long.parseLong(x.split("[:@]")[1]), Long.parseLong(y.split("[:@]")[1])));
        assertEquals(sorted, fired, "earliest first across polls");
    }

    @Test
    void timersManyRotationsAheadFireAfterALongJump() {
        long far = START + 3_600_000 * MS; // an hour: ~53,000 rotations of a 64-spoke wheel
        long id = timers.schedule("a", far);
        assertEquals(0, timers.poll(far - 1, record, 100));
        assertEquals(1, timers.poll(far, record, 100));
        assertEquals(List.of("a:" + id + "@3600000"), fired);
    }

    @Test
    void theHandlerMayCancelATimerExpiringInTheSameBatchAndScheduleNewOnes() {
        long first = timers.schedule("a", START + MS);
        long second = timers.schedule("a", START + 2 * MS);
        List<Long> seen = new ArrayList<>();
        long[] rescheduled = new long[1];
        timers.poll(START + 5 * MS, (owner, id, now) -> {
            seen.add(id);
            if (id == first) {
                assertTrue(timers.cancel("a", second), "expired but not delivered counts as armed");
                rescheduled[0] = timers.schedule("a", now + MS);
            }
        }, 100);
        assertEquals(List.of(first), seen);
        assertEquals(START + 6 * MS, timers.nextDeadline());
        timers.poll(START + 6 * MS, (owner, id, now) -> seen.add(id), 100);
        assertEquals(List.of(first, rescheduled[0]), seen);
    }

    @Test
    void nextDeadlineIsTheEarliestArmedTimer() {
        assertEquals(TimerService.NO_DEADLINE, timers.nextDeadline());
        long early = timers.schedule("a", START + 3 * MS);
        timers.schedule("b", START + 9 * MS);
        assertEquals(START + 3 * MS, timers.nextDeadline());
        assertEquals(START + 3 * MS, timers.deadline(early));
        timers.cancel("a", early);
        assertEquals(START + 9 * MS, timers.nextDeadline());
        assertEquals(TimerService.NO_DEADLINE, timers.deadline(early));
    }

    @Test
    void rejectsSizesThatAreNotPowersOfTwo() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new TimerService<String>(0, 1_000_000, 64, 16));
        assertTrue(error.getMessage().contains("power of two"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TimerService<String>(0, 1 << 20, 100, 16));
    }
}
