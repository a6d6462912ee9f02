package io.nsaas.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 6528: ISN = 4 us clock + keyed hash of the 4-tuple. */
class IsnGeneratorTest {
    @Test
    void sameTupleAdvancesWithTheFourMicrosecondClock() {
        IsnGenerator isn = new IsnGenerator(new SplittableRandom(1));
        int a = isn.isn(1, 2, 3, 4, 0);
        int b = isn.isn(1, 2, 3, 4, 4_000_000);
        assertEquals(1000, b - a);
    }

    @Test
    void differentTuplesAndSecretsGiveUnrelatedIsns() {
        IsnGenerator isn = new IsnGenerator(new SplittableRandom(1));
        assertNotEquals(isn.isn(1, 2, 3, 4, 0), isn.isn(1, 2, 3, 5, 0));
        IsnGenerator other = new IsnGenerator(new SplittableRandom(2));
        assertNotEquals(isn.isn(1, 2, 3, 4, 0), other.isn(1, 2, 3, 4, 0));
    }
}
