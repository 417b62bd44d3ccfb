package com.rateplatform.gateway.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * NDJSON items of a bulk import, made while they are read: every line has the same length, so the body's length is
 * known, and the body is never held in memory.
 */
public final class NdjsonItems extends InputStream {

    /** Every 100th item has a phone number no country uses, so it ends in error. */
    public static final int ERROR_EVERY = 100;

    private static final String VALID = "{\"item_id\": \"i%07d\", \"name\": \"Nguyễn Văn An\", \"phone\": \"0912%06d\"}\n";
    private static final String INVALID = "{\"item_id\": \"i%07d\", \"name\": \"Nguyễn Văn An\", \"phone\": \"0000%06d\"}\n";

    private final int count;
    private int next = 1;
    private byte[] line = new byte[0];
    private int position;

    public NdjsonItems(int count) {
        this.count = count;
    }

    /** Item {@code i}, with its newline. */
    public static String line(int i) {
        return String.format(i % ERROR_EVERY == 0 ? INVALID : VALID, i, i % 1_000_000);
    }

    public static long length(int count) {
        return (long) count * String.format(VALID, 1, 1).getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        int written = 0;
        while (written < length) {
            if (position == line.length) {
                if (next > count) {
                    break;
                }
                line = line(next).getBytes(StandardCharsets.UTF_8);
                position = 0;
                next++;
            }
            int n = Math.min(length - written, line.length - position);
            System.arraycopy(line, position, target, offset + written, n);
            position += n;
            written += n;
        }
        return written == 0 ? -1 : written;
    }
}
