package com.rateplatform.gateway.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * HAProxy ({@code /usr/sbin/haproxy}) run by a test in the foreground ({@code haproxy -db -f <config>}) on the shipped
 * configuration, given its addresses, certificate and stats socket through the environment variables that file reads.
 * Its output goes to a log file; {@link #close()} stops it by its process id.
 */
public final class HaProxy implements AutoCloseable {

    /** The configuration operators deploy: {@code config/haproxy/haproxy.cfg}. */
    public static final Path CONFIG = Path.of("config", "haproxy", "haproxy.cfg");

    private final Process process;
    private final Path statsSocket;
    private final int httpPort;
    private final int httpsPort;

    private HaProxy(Process process, Path statsSocket, int httpPort, int httpsPort) {
        this.process = process;
        this.statsSocket = statsSocket;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /** Whether HAProxy is installed here (tests that need it are skipped where it is not). */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/haproxy"));
    }

    /**
     * Starts it on free loopback ports in front of the two gateway addresses ({@code host:port}) and waits until its
     * stats socket answers.
     */
    public static HaProxy start(Path workDir, Path tlsBundle, String gateway1, String gateway2) throws IOException {
        Files.createDirectories(workDir);
        int httpPort = AppProcess.freePort();
        int httpsPort = AppProcess.freePort();
        Path statsSocket = workDir.resolve("haproxy.sock");
        Files.deleteIfExists(statsSocket);
        ProcessBuilder builder = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", CONFIG.toAbsolutePath().toString());
        Map<String, String> env = builder.environment();
        env.put("HAPROXY_HTTP_BIND", "127.0.0.1:" + httpPort);
        env.put("HAPROXY_HTTPS_BIND", "127.0.0.1:" + httpsPort);
        env.put("HAPROXY_TLS_CERT", tlsBundle.toAbsolutePath().toString());
        env.put("HAPROXY_STATS_SOCKET", statsSocket.toAbsolutePath().toString());
        env.put("RATE_GATEWAY_1", gateway1);
        env.put("RATE_GATEWAY_2", gateway2);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("haproxy.log").toFile()));
        HaProxy proxy = new HaProxy(builder.start(), statsSocket, httpPort, httpsPort);
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> proxy.process.isAlive() && !proxy.showStat().isEmpty());
        return proxy;
    }

    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    public String httpsUrl(String path) {
        return "https://127.0.0.1:" + httpsPort + path;
    }

    /** {@code show stat} on the stats socket: one map per proxy or server line, keyed by the CSV header's names. */
    public List<Map<String, String>> showStat() throws IOException {
        String csv = command("show stat");
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("# ")) {
            return rows;
        }
        String[] names = lines[0].substring(2).split(",", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] values = lines[i].split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < names.length && c < values.length; c++) {
                row.put(names[c], values[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The {@code show stat} line of one server of a backend (status, check and error counters). */
    public Map<String, String> server(String backend, String server) throws IOException {
        return showStat().stream().filter(r -> backend.equals(r.get("pxname")) && server.equals(r.get("svname"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no server " + backend + "/" + server + " in show stat"));
    }

    /** Each server of a backend by name: its {@code show stat} line. */
    public Map<String, Map<String, String>> servers(String backend) throws IOException {
        Map<String, Map<String, String>> servers = new HashMap<>();
        for (Map<String, String> row : showStat()) {
            if (backend.equals(row.get("pxname")) && !"FRONTEND".equals(row.get("svname")) && !"BACKEND".equals(row.get("svname"))) {
                servers.put(row.get("svname"), row);
            }
        }
        return servers;
    }

    private String command(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(statsSocket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            StringBuilder answer = new StringBuilder();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        }
    }

    /** Stops it (SIGTERM to its process id) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
