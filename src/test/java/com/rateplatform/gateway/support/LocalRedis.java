package com.rateplatform.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A single Redis of the test's own ({@code redis-server} from the PATH) on a free loopback port, its files in a
 * temporary directory, started with a config file and arguments of the test's choosing; it can be killed and started
 * again on the same port and directory. {@link #close} stops it and deletes the directory.
 */
public final class LocalRedis implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> arguments;
    private final String adminUrl;
    private Process process;

    private LocalRedis(Path dir, int port, List<String> arguments, String adminUrl) {
        this.dir = dir;
        this.port = port;
        this.arguments = arguments;
        this.adminUrl = adminUrl;
    }

    public static boolean available() {
        return Shell.onPath("redis-server") && Shell.onPath("redis-cli");
    }

    /**
     * Starts one.
     *
     * @param configFile a redis.conf to start with (the ACL users of config/redis-acl.conf), or null
     * @param admin      "user:password" with every right, or null for the default user
     * @param settings   further arguments ({@code --appendonly yes} ...)
     */
    public static LocalRedis start(Path configFile, String admin, String... settings) throws IOException {
        Path dir = Files.createTempDirectory("redis-own-");
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("redis-server");
        if (configFile != null) {
            arguments.add(configFile.toAbsolutePath().toString());
        }
        arguments.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.resolve("data").toString()));
        arguments.addAll(List.of(settings));
        LocalRedis redis = new LocalRedis(dir, port, arguments,
                "redis://" + (admin == null ? "" : admin + "@") + "127.0.0.1:" + port);
        redis.start();
        return redis;
    }

    /** Starts it (again) on its port and directory, and waits until it has loaded its data and answers. */
    public void start() throws IOException {
        process = new ProcessBuilder(arguments).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin(redis -> redis.info("persistence")).contains("loading:0"));
    }

    /** SIGKILL: it saves nothing on the way out. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int port() {
        return port;
    }

    /** Its 'dir': dump.rdb and the AOF live here. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** A URL for {@code user} with {@code password}, or without credentials when user is null. */
    public String url(String user, String password) {
        return "redis://" + (user == null ? "" : user + ":" + password + "@") + "127.0.0.1:" + port;
    }

    /** Runs commands as the admin user. */
    public <T> T admin(Function<RedisCommands<String, String>, T> commands) {
        RedisClient client = RedisClient.create(adminUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return commands.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
