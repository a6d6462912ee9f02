package io.nsaas.host.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM whose merged stdout/stderr is captured line by line: the demo's host and tenant
 * programs, and the end-to-end tests' children. Every wait has a timeout, and every failure message
 * carries the child's output. {@link #close()} stops the child (and anything it started).
 *
 * <p>Programs report through lines of their own: {@code READY host:port} when a server listens and
 * {@code RESULT key=value} with what they measured.
 */
public final class ChildJvm implements AutoCloseable {

    /** Prefix of a {@code RESULT key=value} line. */
    public static final String RESULT = "RESULT ";
    /** Prefix of a server's {@code READY host:port} line. */
    public static final String READY = "READY ";

    private static final int TAIL_LINES = 60;

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean outputEnded; // guarded by lines

    private ChildJvm(String name, Process process, Consumer<String> echo) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> readLines(echo), "child-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java jvmArgs -cp classpath mainClass args} with the JVM running this code.
     *
     * @param name what messages call the child, e.g. {@code tenant vm-a (HttpBulkServer)}
     * @param echo gets every output line as it arrives (for example to print it prefixed), or null
     * @throws IOException when the JVM cannot be started
     */
    public static ChildJvm start(String name, List<String> jvmArgs, String classpath, String mainClass,
                                 List<String> args, Consumer<String> echo) throws IOException {
        return start(javaExecutable(), name, jvmArgs, classpath, mainClass, args, echo);
    }

    /** As {@link #start(String, List, String, String, List, Consumer)}, with the {@code java} executable given. */
    public static ChildJvm start(Path java, String name, List<String> jvmArgs, String classpath, String mainClass,
                                 List<String> args, Consumer<String> echo) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildJvm(name, process, echo);
    }

    /** @return the {@code java} of the JVM running this code */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** @return what messages call this child */
    public String name() {
        return name;
    }

    /**
     * Waits for the first output line starting with {@code prefix}.
     *
     * @return the rest of that line
     * @throws DemoException when the child exits first or the time runs out
     */
    public String awaitLine(String prefix, Duration timeout) throws DemoException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            for (int seen = 0; ; ) {
                boolean ended = outputEnded;
                for (; seen < lines.size(); seen++) {
                    if (lines.get(seen).startsWith(prefix)) {
                        return lines.get(seen).substring(prefix.length());
                    }
                }
                if (ended) {
                    throw failure("exited (" + exitText() + ") before printing '" + prefix.trim() + "'");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw failure("printed no '" + prefix.trim() + "' line within " + timeout.toSeconds() + " s");
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Closes the child's standard input: the demo servers' signal to stop. */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone: nothing to signal
        }
    }

    /**
     * Waits for the child to exit and its output to be read.
     *
     * @return its exit code
     * @throws DemoException when it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws DemoException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure("did not exit within " + timeout.toSeconds() + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /** @return the {@code RESULT key=value} pairs printed so far, in order (a repeated key keeps its last value) */
    public Map<String, String> results() {
        Map<String, String> results = new LinkedHashMap<>();
        synchronized (lines) {
            for (String line : lines) {
                int eq = line.indexOf('=');
                if (line.startsWith(RESULT) && eq > RESULT.length()) {
                    results.put(line.substring(RESULT.length(), eq), line.substring(eq + 1));
                }
            }
        }
        return results;
    }

    /** @return everything the child printed so far */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** @return an exception naming this child, saying {@code what}, with the last lines of its output */
    public DemoException failure(String what) {
        List<String> tail;
        synchronized (lines) {
            tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
        StringBuilder message = new StringBuilder(name).append(' ').append(what);
        message.append(tail.isEmpty() ? "; it printed nothing" : "; its output" + (tail.size() == TAIL_LINES ? " (last lines)" : "") + ":");
        for (String line : tail) {
            message.append("\n    | ").append(line);
        }
        return new DemoException(message.toString());
    }

    /** Stops the child and its descendants: politely (SIGTERM, so shutdown hooks run), then by force. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(2));
    }

    private String exitText() throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "output closed";
    }

    private void readLines(Consumer<String> echo) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (echo != null) {
                    echo.accept(line);
                }
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the child is gone; its exit code tells the rest
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }
}
