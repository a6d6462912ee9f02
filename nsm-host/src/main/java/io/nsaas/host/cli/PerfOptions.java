package io.nsaas.host.cli;

import io.nsaas.host.config.Ipv4Cidr;
import io.nsaas.host.fabric.Impairment;
import io.nsaas.host.fabric.link.BitRate;
import io.nsaas.host.fabric.link.LinkShaping;
import io.nsaas.host.fabric.link.LinkSpec;
import io.nsaas.host.fabric.tun.TunBridge;
import io.nsaas.host.perf.ByteCount;
import io.nsaas.host.perf.DurationText;
import io.nsaas.host.perf.PerfException;
import io.nsaas.host.perf.PerfStream;
import io.nsaas.spi.Endpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options and value converters shared by the {@code nsaas perf} commands. */
final class PerfOptions {
    /** Default idle timeout in seconds. */
    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    @Option(names = "--stack", required = true, paramLabel = "ID",
        description = "Stack plugin id, e.g. kernel or newreno (see nsaas stacks).")
    String stack;

    @Option(names = "--plugins", paramLabel = "DIR",
        description = "Where the stack plugins are. Default: the embedded default config's plugin directory, target/plugins relative to the working directory.")
    Path plugins;

    @Option(names = "--json", description = "Print one JSON object per result on stdout instead of a line for people.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_TIMEOUT_SECONDS,
        converter = TimeoutConverter.class,
        description = "Fail a connection that moves no data (or a connect that gets no answer) for this long; 0 waits forever. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    /** @return the idle timeout in nanoseconds, 0 for none */
    long timeoutNanos() {
        return timeoutSeconds * 1_000_000_000L;
    }

    /** {@code --tun} and {@code --address}, for the commands that talk to a peer outside the host. */
    static final class Network {
        @Option(names = "--tun", paramLabel = "DEV",
            description = "TUN device to reach Linux through (packet-level stacks; required there).")
        String tun;

        @Option(names = "--address", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "This end's address and subnet, e.g. 10.0.0.2/24 (packet-level stacks: required; kernel: optional local address to bind).")
        Ipv4Cidr address;

        @Option(names = "--impair-delay", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
            description = "Impairment (for links whose kernel lacks netem; applied in both directions between the TUN"
                + " device and the switch): fixed one-way delay, e.g. 5ms, 250us. Default: 0.")
        long impairDelayNanos;

        @Option(names = "--impair-loss", paramLabel = "P", defaultValue = "0", converter = ProbabilityConverter.class,
            description = "Impairment: probability that a packet is dropped, 0..1 or a percentage, e.g. 0.01 or 1%%. Default: 0.")
        double impairLoss;

        @Option(names = "--impair-reorder", paramLabel = "P", defaultValue = "0", converter = ProbabilityConverter.class,
            description = "Impairment: probability that a packet is sent without the delay, overtaking the delayed ones"
                + " (needs --impair-delay), e.g. 0.25. Default: 0.")
        double impairReorder;

        @Option(names = "--impair-duplicate", paramLabel = "P", defaultValue = "0", converter = ProbabilityConverter.class,
            description = "Impairment: probability that a packet is sent twice, e.g. 0.01. Default: 0.")
        double impairDuplicate;

        @Option(names = "--impair-seed", paramLabel = "N", defaultValue = "" + Impairment.DEFAULT_SEED,
            description = "Impairment: seed of its random choices (each direction draws its own stream). Default: ${DEFAULT-VALUE}.")
        long impairSeed;

        @Option(names = "--link-rate", paramLabel = "RATE", converter = RateConverter.class,
            description = "Bottleneck (applied in both directions between the TUN device and the switch, for kernels"
                + " without rate-limiting or CE-marking qdiscs): serialization rate, e.g. 100Mbps. Default: none.")
        Long linkRate;

        @Option(names = "--link-queue", paramLabel = "PACKETS",
            description = "Bottleneck: drop-tail queue limit in packets, e.g. 1000. Default: "
                + TunBridge.IMPAIRMENT_PACKET_LIMIT + ".")
        Integer linkQueue;

        @Option(names = "--ecn-threshold", paramLabel = "PACKETS",
            description = "Bottleneck: set CE on ECN-capable packets that arrive while at least this many packets are"
                + " queued (step marking, as DCTCP's K; needs --link-rate), e.g. 20. Default: no marking.")
        Integer ecnThreshold;

        /**
         * @return the {@code --link-*} and {@code --ecn-threshold} options as one shaping, {@link LinkShaping#NONE}
         *         when none was given
         * @throws PerfException (exit 2) when they do not fit together
         */
        LinkShaping shaping() {
            try {
                return new LinkShaping(linkRate == null ? LinkSpec.UNLIMITED_RATE : linkRate,
                    linkQueue == null ? LinkSpec.NONE : linkQueue, ecnThreshold == null ? LinkSpec.NONE : ecnThreshold);
            } catch (IllegalArgumentException e) {
                throw PerfException.usage(e.getMessage().replaceFirst("^link rate", "--link-rate")
                    .replaceFirst("^link queue limit", "--link-queue").replaceFirst("^ECN threshold", "--ecn-threshold"));
            }
        }

        /**
         * @return the {@code --impair-*} options as one impairment, {@link Impairment#NONE}-like when none was given
         * @throws PerfException (exit 2) when they do not fit together
         */
        Impairment impairment() {
            if (impairReorder > 0 && impairDelayNanos == 0) {
                throw PerfException.usage("--impair-reorder " + impairReorder + " needs --impair-delay above 0: a reordered"
                    + " packet is one sent without the delay, overtaking the delayed ones (e.g. --impair-delay 5ms)");
            }
            return new Impairment(impairDelayNanos, impairLoss, impairReorder, impairDuplicate, impairSeed);
        }
    }

    /** {@code --stack-option KEY=VALUE}, repeated, for the commands that run one stack. */
    static final class StackOptions {
        @Option(names = "--stack-option", paramLabel = "KEY=VALUE",
            description = "A stack option (repeatable), as a tenant's options in the host config, e.g. ecn=on for cubic."
                + " The stack refuses keys and values it does not know.")
        Map<String, String> values = new LinkedHashMap<>();
    }

    /** {@code --bytes N} of the commands that send. */
    static final class Bytes {
        @Option(names = "--bytes", required = true, paramLabel = "N", converter = BytesConverter.class,
            description = "How much to send: a whole number with an optional unit B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 20MB.")
        long value;
    }

    /** {@code --seed} of the sent stream. */
    static final class Seed {
        @Option(names = "--seed", paramLabel = "N", defaultValue = "" + PerfStream.DEFAULT_SEED, converter = SeedConverter.class,
            description = "Seed of the sent byte stream (xorshift64*, see README), decimal or 0x-hex, not 0. Default: ${DEFAULT-VALUE}.")
        long value;
    }

    /** {@code a.b.c.d/n}. */
    static final class CidrConverter implements ITypeConverter<Ipv4Cidr> {
        @Override
        public Ipv4Cidr convert(String text) {
            int slash = text.indexOf('/');
            String expected = "write a.b.c.d/n with n in 0..32, e.g. 10.0.0.2/24";
            if (slash < 0) {
                throw new TypeConversionException("'" + text + "' has no prefix length; " + expected);
            }
            int address;
            int prefix;
            try {
                address = Endpoint.parseAddress(text.substring(0, slash));
                String bits = text.substring(slash + 1);
                if (bits.isEmpty() || bits.length() > 2 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("'" + bits + "' is not a prefix length");
                }
                prefix = Integer.parseInt(bits);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + text + "' is not an IPv4 CIDR (" + e.getMessage() + "); " + expected);
            }
            if (prefix > 32) {
                throw new TypeConversionException("'" + text + "' has prefix length " + prefix + " > 32; " + expected);
            }
            if (address == Endpoint.ANY_ADDRESS) {
                throw new TypeConversionException("'" + text + "' is not a host address; " + expected);
            }
            return new Ipv4Cidr(address, prefix);
        }
    }

    /** {@code a.b.c.d:port}, to a packed {@link Endpoint}. */
    static final class EndpointConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            int colon = text.lastIndexOf(':');
            String expected = "write IP:PORT with PORT in 1..65535, e.g. 10.0.0.1:5201";
            if (colon < 0) {
                throw new TypeConversionException("'" + text + "' has no port; " + expected);
            }
            try {
                int address = Endpoint.parseAddress(text.substring(0, colon));
                String digits = text.substring(colon + 1);
                if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("'" + digits + "' is not a port");
                }
                int port = Integer.parseInt(digits);
                if (port < 1 || port > 0xFFFF) {
                    throw new IllegalArgumentException("port " + port + " is outside 1..65535");
                }
                if (address == Endpoint.ANY_ADDRESS) {
                    throw new IllegalArgumentException("0.0.0.0 cannot be connected to");
                }
                return Endpoint.pack(address, port);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + text + "' is not an IPv4 endpoint (" + e.getMessage() + "); " + expected);
            }
        }
    }

    /** Byte counts with units ({@link ByteCount}). */
    static final class BytesConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            try {
                return ByteCount.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Decimal or {@code 0x} hex 64-bit seeds, not 0. */
    static final class SeedConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            long seed;
            try {
                seed = text.startsWith("0x") || text.startsWith("0X")
                    ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a 64-bit seed; write a decimal number or 0x followed by up to 16 hex digits");
            }
            if (seed == 0) {
                throw new TypeConversionException("seed 0 is not allowed (xorshift64* would send only zeros); use any other value");
            }
            return seed;
        }
    }

    /** Link rates with units ({@link BitRate}), above 0. */
    static final class RateConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            long rate;
            try {
                rate = BitRate.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + "; write " + BitRate.EXPECTED);
            }
            if (rate == 0) {
                throw new TypeConversionException("'" + text + "' is no rate at all; write " + BitRate.EXPECTED);
            }
            return rate;
        }
    }

    /** Durations with units ({@link DurationText}). */
    static final class DurationConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            try {
                return DurationText.parseNanos(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Probabilities in [0, 1], as a fraction ({@code 0.01}) or a percentage ({@code 1%}). */
    static final class ProbabilityConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            String trimmed = text.strip();
            boolean percent = trimmed.endsWith("%");
            String number = percent ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
            String expected = "write a probability from 0 to 1 or a percentage from 0% to 100%, e.g. 0.01 or 1%";
            if (!number.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
                throw new TypeConversionException("'" + text + "' is not a probability; " + expected);
            }
            double value = Double.parseDouble(number) / (percent ? 100 : 1);
            if (value > 1) {
                throw new TypeConversionException("'" + text + "' is more than 1 (100%); " + expected);
            }
            return value;
        }
    }

    /** Whole seconds, 0..86400*365. */
    static final class TimeoutConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            long seconds;
            try {
                seconds = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a whole number of seconds, e.g. 30 (0 waits forever)");
            }
            if (seconds < 0 || seconds > 365L * 86_400) {
                throw new TypeConversionException("timeout " + seconds + " s is outside 0..31536000 (0 waits forever)");
            }
            return seconds;
        }
    }
}
