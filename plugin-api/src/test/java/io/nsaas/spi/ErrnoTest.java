package io.nsaas.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void namesEveryConstantAfterItsField() throws IllegalAccessException {
        int checked = 0;
        for (Field field : Errno.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class
                && !field.getName().equals("EWOULDBLOCK")) {
                assertEquals(field.getName(), Errno.name(field.getInt(null)));
                checked++;
            }
        }
        assertTrue(checked >= 39, "only " + checked + " errno constants found");
    }

    @Test
    void acceptsNegatedResults() {
        assertEquals("ECONNREFUSED", Errno.name(-Errno.ECONNREFUSED));
        assertEquals("EAGAIN", Errno.name(-Errno.EWOULDBLOCK));
    }

    @Test
    void usesLinuxNumbers() {
        assertEquals(11, Errno.EAGAIN);
        assertEquals(22, Errno.EINVAL);
        assertEquals(104, Errno.ECONNRESET);
        assertEquals(111, Errno.ECONNREFUSED);
        assertEquals(115, Errno.EINPROGRESS);
    }

    @Test
    void unknownNumbersGetANumericName() {
        assertEquals("E999", Errno.name(999));
        assertEquals("E3", Errno.name(-3));
        assertEquals("E0", Errno.name(0));
    }
}
