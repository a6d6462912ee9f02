package io.nsaas.stack.tcp.cc;

/**
 * What one acceptable ACK told the sender, passed to {@link CongestionControl#pktsAcked} and
 * {@link CongestionControl#control} (Linux's {@code ack_sample} and {@code rate_sample} in one).
 *
 * <p>Ownership: the sender owns one instance per connection, calls {@link #clear()} and refills it
 * for every ACK; an algorithm must copy what it wants to keep. Single-threaded.
 */
public final class AckSample {
    /** Bytes newly delivered by this ACK: newly cumulatively acknowledged plus newly SACKed, each byte counted once. */
    public int ackedBytes;
    /** RTT sample in microseconds, or -1 when this ACK gives no valid sample (Karn's rule, RFC 6298 3). */
    public long rttUs;
    /** FlightSize before this ACK was processed (Linux {@code prior_in_flight}). */
    public int inFlightBefore;
    /** The ACK carried ECE (RFC 3168 6.1.2). */
    public boolean ece;
    /** The ACK is a duplicate ACK as RFC 5681 2 defines it (no advance of SND.UNA, no data, same window). */
    public boolean isDuplicate;
    /** Bytes this ACK caused the sender to mark lost (RFC 6675 IsLost), 0 without SACK loss detection. */
    public int lostBytes;
    /** Delivery-rate sample: bytes delivered over {@link #intervalUs}, or 0 when there is no rate sample. */
    public long deliveredBytes;
    /** Delivery-rate sample interval in microseconds, or -1 when there is no rate sample. */
    public long intervalUs;
    /** The rate sample was taken while the application, not cwnd, limited sending. */
    public boolean appLimited;

    /** Creates a cleared sample. */
    public AckSample() {
        clear();
    }

    /** Resets every field to "nothing learned": zero bytes, no RTT sample, no rate sample. */
    public void clear() {
        ackedBytes = 0;
        rttUs = -1;
        inFlightBefore = 0;
        ece = false;
        isDuplicate = false;
        lostBytes = 0;
        deliveredBytes = 0;
        intervalUs = -1;
        appLimited = false;
    }

    /** @return true when {@link #rttUs} holds a valid sample */
    public boolean hasRtt() {
        return rttUs >= 0;
    }

    /** @return true when {@link #deliveredBytes} over {@link #intervalUs} is a valid delivery-rate sample */
    public boolean hasRate() {
        return intervalUs > 0;
    }

    @Override
    public String toString() {
        return "acked=" + ackedBytes + " rtt_us=" + rttUs + " in_flight_before=" + inFlightBefore
            + " ece=" + ece + " dup=" + isDuplicate + " lost=" + lostBytes
            + " delivered=" + deliveredBytes + " interval_us=" + intervalUs + " app_limited=" + appLimited;
    }
}
