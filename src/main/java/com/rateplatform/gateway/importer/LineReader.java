package com.rateplatform.gateway.importer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a byte stream line by line ({@code \n}, with or without {@code \r}) without ever holding more than one line,
 * and never more than {@code maxLineBytes} of it: a longer line is reported as too long and skipped to its end.
 * Lines stay bytes (UTF-8 never uses the byte {@code \n} inside a character), so a JSON parser reads them directly.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private byte[] line = new byte[1024];
    private int length;
    private boolean tooLong;
    private long number;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        if (eof && start == end) {
            return false;
        }
        length = 0;
        tooLong = false;
        while (true) {
            if (start == end) {
                int n = in.read(buffer, 0, buffer.length);
                if (n == -1) {
                    eof = true;
                    if (length == 0 && !tooLong) {
                        return false;
                    }
                    break;
                }
                start = 0;
                end = n;
            }
            int newline = indexOfNewline();
            int stop = newline == -1 ? end : newline;
            append(start, stop);
            if (newline != -1) {
                start = newline + 1;
                break;
            }
            start = end;
        }
        number++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    /** 1-based number of the current line. */
    long number() {
        return number;
    }

    /** The current line's bytes: {@link #length()} of them; reused by the next line. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    boolean tooLong() {
        return tooLong;
    }

    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return !tooLong;
    }

    private int indexOfNewline() {
        for (int i = start; i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int to) {
        if (tooLong) {
            return;
        }
        int n = to - from;
        if (length + n > maxLineBytes) {
            tooLong = true;
            length = 0;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + n)));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }
}
