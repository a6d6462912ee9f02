package io.nsaas.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

class SimProgressLineTest {
    private long now;
    private final NanoClock wall = () -> now;
    private final StringWriter text = new StringWriter();

    @Test
    void staysSilentForShortRuns() {
        SimProgressLine line = new SimProgressLine(new PrintWriter(text), wall);
        now = 1_900_000_000L;
        line.update(5_000_000_000L, 10_000_000_000L, 100);
        line.update(10_000_000_000L, 10_000_000_000L, 200);
        line.finish();
        assertEquals("", text.toString());
    }

    @Test
    void rewritesOneLineWithCarriageReturnsAndEndsIt() {
        SimProgressLine line = new SimProgressLine(new PrintWriter(text), wall);
        now = 2_000_000_000L;
        line.update(4_000_000_000L, 10_000_000_000L, 1_234_567);
        now += 100_000_000L; // too soon for another update
        line.update(4_100_000_000L, 10_000_000_000L, 1_300_000);
        now = 5_000_000_000L;
        line.update(10_000_000_000L, 10_000_000_000L, 3_000_000);
        line.finish();
        assertEquals("\rnsaas sim: 4.0 s of 10 s simulated (40%), 1,234,567 packets, 2.0x real time"
            + "\rnsaas sim: 10.0 s of 10 s simulated (100%), 3,000,000 packets, 2.0x real time\n",
            text.toString().replace(System.lineSeparator(), "\n"));
    }
}
