package io.nsaas.stack.tcp;

import io.nsaas.stack.tcp.cc.AckSample;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CcView;
import io.nsaas.stack.tcp.cc.CongestionControl;
import io.nsaas.stack.tcp.cc.CwndEvent;
import io.nsaas.stack.tcp.cc.NewReno;
import java.util.ArrayList;
import java.util.List;

/**
 * NewReno that records what the engine told it: events, state changes, ssthresh calls and the ECN fields of
 * each ACK sample. {@code needsEcn} makes it ask for ECN like DCTCP does (per-packet echo receiver).
 */
final class RecordingCc implements CongestionControl {
    final NewReno reno = new NewReno();
    final boolean needsEcn;
    final List<String> log = new ArrayList<>();
    final List<Boolean> eceSamples = new ArrayList<>();
    int ssthreshCalls;
    boolean ecnEnabledAtInit;

    RecordingCc(boolean needsEcn) {
        this.needsEcn = needsEcn;
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public int ssthresh(CcView tcp) {
        ssthreshCalls++;
        log.add("ssthresh in " + tcp.caState());
        return reno.ssthresh(tcp);
    }

    @Override
    public int congestionAvoid(CcView tcp, int ackedBytes) {
        return reno.congestionAvoid(tcp, ackedBytes);
    }

    @Override
    public int undoCwnd(CcView tcp) {
        return reno.undoCwnd(tcp);
    }

    @Override
    public void init(CcView tcp) {
        ecnEnabledAtInit = tcp.ecnEnabled();
        reno.init(tcp);
    }

    @Override
    public void setState(CcView tcp, CaState state) {
        log.add(tcp.caState() + "->" + state);
        reno.setState(tcp, state);
    }

    @Override
    public void cwndEvent(CcView tcp, CwndEvent event) {
        log.add(event.name());
        reno.cwndEvent(tcp, event);
    }

    @Override
    public void pktsAcked(CcView tcp, AckSample sample) {
        eceSamples.add(sample.ece);
    }

    @Override
    public boolean needsEcn() {
        return needsEcn;
    }

    /** @return the log entries that are ECN or ACK-policy events, in order */
    List<String> receiverEvents() {
        List<String> events = new ArrayList<>();
        for (String entry : log) {
            if (entry.startsWith("ECN_") || entry.endsWith("DELAYED_ACK")) {
                events.add(entry);
            }
        }
        return events;
    }
}
