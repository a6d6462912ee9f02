package io.nsaas.bench.run;

/**
 * Positional arguments of a benchmark program, with one-line usage errors: a program checks its
 * argument count with {@link #expect} and reads each value with a typed getter that names the
 * argument when it is malformed. Errors are {@link IllegalArgumentException}s that {@link #fail}
 * prints as {@code <program>: <message>} with exit status 2.
 */
public final class BenchArguments {
    private final String usage;
    private final String[] args;

    private BenchArguments(String usage, String[] args) {
        this.usage = usage;
        this.args = args;
    }

    /**
     * @param usage the program's usage line, e.g. {@code "RequestResponse client HOST PORT WARMUP N"}
     * @throws IllegalArgumentException showing the usage when there are fewer than {@code min} or
     *                                  more than {@code max} arguments
     */
    public static BenchArguments expect(String usage, String[] args, int min, int max) {
        if (args.length < min || args.length > max) {
            throw new IllegalArgumentException("expected " + (min == max ? min : min + ".." + max) + " arguments, got "
                + args.length + "; usage: " + usage);
        }
        return new BenchArguments(usage, args);
    }

    /** @return argument {@code index}, or {@code fallback} when absent */
    public String text(int index, String fallback) {
        return index < args.length ? args[index] : fallback;
    }

    /** @return argument {@code index} as an int in [{@code min}, {@code max}] */
    public int integer(int index, String name, int min, int max) {
        long value = number(index, name);
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value + "; usage: "
                + usage);
        }
        return (int) value;
    }

    /** @return argument {@code index} as a long {@code >= 1}; accepts the suffixes K, M, G (powers of 1024) */
    public long size(int index, String name) {
        String text = args[index];
        long unit = 1;
        char last = text.isEmpty() ? ' ' : Character.toUpperCase(text.charAt(text.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            text = text.substring(0, text.length() - 1);
        }
        long value;
        try {
            value = Math.multiplyExact(Long.parseLong(text), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be a byte count like 1G or 500M, got '" + args[index]
                + "'; usage: " + usage);
        }
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 byte, got '" + args[index] + "'");
        }
        return value;
    }

    private long number(int index, String name) {
        try {
            return Long.parseLong(args[index]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + args[index] + "'; usage: "
                + usage);
        }
    }

    /** Prints {@code program: message} to stderr and exits with status 2 (bad arguments). */
    public static void fail(String program, IllegalArgumentException e) {
        System.err.println(program + ": " + e.getMessage());
        System.exit(2);
    }
}
