package com.rateplatform.gateway.importer;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import com.rateplatform.gateway.contract.ApiException;

/**
 * The body of an HTTP request as an {@link InputStream}, read while it arrives. Vert.x hands over a few buffers at a
 * time ({@code fetch}), each time the reader has taken one; a reader slower than the client therefore slows the
 * client down (TCP flow control) instead of piling the body up in memory. More than {@code maxBytes} is refused with
 * 413 as soon as it arrives; a client that sends nothing for {@code readTimeout} gets 408.
 *
 * <p>Made on a request that Camel's platform-http handed over unread and paused ({@code useBodyHandler=false}).
 */
final class RequestBodyStream extends InputStream {

    /** Buffers asked for ahead of the reader: about 16 x 8 KiB in flight. */
    private static final int WINDOW = 16;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final long maxBytes;
    private final long readTimeoutMs;
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private volatile boolean endArrived;
    private boolean started;
    private boolean closed;
    private Buffer current;
    private int position;
    private long received;
    private boolean ended;

    RequestBodyStream(HttpServerRequest request, long maxBytes, Duration readTimeout) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.readTimeoutMs = readTimeout.toMillis();
    }

    /** Starts the flow of the body on first read, so that a request refused before reading costs nothing. */
    private void start() {
        started = true;
        request.handler(arrivals::add);
        request.exceptionHandler(arrivals::add);
        request.endHandler(v -> {
            endArrived = true;
            arrivals.add(END);
        });
        request.fetch(WINDOW);
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || position == current.length()) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, target, offset);
        position += n;
        return n;
    }

    /** Bytes of the body received so far. */
    long received() {
        return received;
    }

    private boolean advance() throws InterruptedIOException {
        if (ended) {
            return false;
        }
        if (!started) {
            start();
        }
        Object next;
        try {
            next = arrivals.poll(readTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the request body");
        }
        if (next == null) {
            throw new ApiException(408, "REQUEST_TIMEOUT", "no part of the body arrived for " + readTimeoutMs + " ms", null);
        }
        if (next == END) {
            ended = true;
            return false;
        }
        if (next instanceof Throwable failure) {
            throw new ApiException(400, "UPLOAD_INTERRUPTED", "the upload broke off: " + failure.getMessage(), null);
        }
        current = (Buffer) next;
        position = 0;
        received += current.length();
        if (received > maxBytes) {
            throw tooLarge(maxBytes);
        }
        askForMore();
        return true;
    }

    private void askForMore() {
        if (endArrived) {
            return;
        }
        try {
            request.fetch(1);
        } catch (IllegalStateException e) {
            // The end arrived meanwhile (HTTP/2 refuses a fetch after it): it is already queued.
        }
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "BODY_TOO_LARGE", "a bulk body holds at most " + maxBytes + " bytes", null);
    }

    /**
     * Stops reading. The rest of a body not read to its end is thrown away as it arrives (a client that sends the whole
     * body before it reads the answer would otherwise wait forever), and an HTTP/1.1 answer asks the client to close
     * the connection, so the rest need not be sent.
     */
    @Override
    public void close() {
        if (closed || endArrived) {
            return;
        }
        closed = true;
        if (request.version() != HttpVersion.HTTP_2) {
            // HTTP/2 forbids the header; there the unread stream simply ends with the answer.
            request.response().putHeader("Connection", "close");
        }
        try {
            request.exceptionHandler(failure -> { });
            request.endHandler(null);
            request.handler(data -> { });
            request.resume();
        } catch (IllegalStateException e) {
            // The end arrived meanwhile: nothing is left to throw away.
        }
    }
}
