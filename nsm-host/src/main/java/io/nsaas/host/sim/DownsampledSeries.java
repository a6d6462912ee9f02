package io.nsaas.host.sim;

import java.util.Arrays;

/**
 * An (x, y) series of bounded size for plotting a run of any length: it keeps every {@code stride}-th
 * point offered, and when it is full it drops every other point it holds and doubles the stride. So it
 * never holds more than its capacity, the points it keeps are evenly spread over the whole run, and
 * the result depends only on the points offered (deterministic).
 *
 * <p>Not thread-safe. {@link #add} does not allocate.
 */
final class DownsampledSeries {
    private final double[] x;
    private final double[] y;
    private int size;
    private long stride = 1;
    private long offered;

    /** @param capacity the most points kept, even and at least 2 */
    DownsampledSeries(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be even and at least 2, not " + capacity);
        }
        x = new double[capacity];
        y = new double[capacity];
    }

    void add(double px, double py) {
        if (offered++ % stride != 0) {
            return;
        }
        if (size == x.length) {
            for (int i = 0; i < size / 2; i++) {
                x[i] = x[2 * i];
                y[i] = y[2 * i];
            }
            size /= 2;
            stride *= 2;
            if ((offered - 1) % stride != 0) {
                return;
            }
        }
        x[size] = px;
        y[size] = py;
        size++;
    }

    int size() {
        return size;
    }

    /** @return a copy of the kept x values */
    double[] xs() {
        return Arrays.copyOf(x, size);
    }

    /** @return a copy of the kept y values */
    double[] ys() {
        return Arrays.copyOf(y, size);
    }
}
