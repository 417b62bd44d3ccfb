package com.rateplatform.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;

import com.rateplatform.gateway.message.Json;

/** A Server-Sent Events client of {@code /api/validation/events} (the JDK's HTTP client), keeping every event. */
public final class SseClient implements AutoCloseable {

    /** One event: its SSE id (may be null), name, and JSON data. */
    public record Event(String id, String name, JsonNode data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
    }

    /** Opens the stream; the status may be an error (then there are no events): see {@link #status()}. */
    public static SseClient connect(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = HTTP.sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines())
                .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        SseClient client = new SseClient(response);
        client.reader.start();
        return client;
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> named(String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    public Event await(Predicate<Event> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> events.stream().filter(matching).findFirst().orElse(null), e -> e != null);
    }

    public Event awaitNamed(String name) {
        return await(e -> name.equals(e.name()));
    }

    /** True once the server ended the stream. */
    public boolean ended() {
        return !reader.isAlive();
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, name == null ? "message" : name, Json.read(data.toString(), JsonNode.class)));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed (by close() or by the server): nothing more to read
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
