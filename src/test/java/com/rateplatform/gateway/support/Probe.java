package com.rateplatform.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One health probe as an orchestrator or a load balancer sends it: a new TCP connection, {@code GET path} with
 * {@code Connection: close}, the answer read to its end. Times connect to last byte.
 */
public final class Probe {

    private static final int TIMEOUT_MS = 10_000;

    /** @param status the HTTP status, or -1 when the probe failed (refused, reset, timed out) */
    public record Answer(int status, double millis) {
    }

    private Probe() {
    }

    public static Answer get(int port, String path) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            String statusLine = new String(answer, 0, Math.min(answer.length, 16), StandardCharsets.US_ASCII);
            int status = statusLine.startsWith("HTTP/1.") ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
            return new Answer(status, (System.nanoTime() - start) / 1e6);
        } catch (IOException | NumberFormatException | StringIndexOutOfBoundsException e) {
            return new Answer(-1, (System.nanoTime() - start) / 1e6);
        }
    }
}
