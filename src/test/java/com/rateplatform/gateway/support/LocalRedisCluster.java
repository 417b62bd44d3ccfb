package com.rateplatform.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of this test's own: {@code masters} redis-server processes in cluster mode on free loopback ports,
 * each with {@code replicas} replicas, no persistence, joined with {@code redis-cli --cluster create}; a node that
 * stops answering is failed over after {@link #NODE_TIMEOUT_MS}. {@link #close} stops them and removes
 * their files. Needs {@code redis-server} and {@code redis-cli} on the PATH (both come with the Debian redis package).
 */
public final class LocalRedisCluster implements AutoCloseable {

    /** How long a node may stay silent before the others fail it over (redis.conf cluster-node-timeout). */
    public static final int NODE_TIMEOUT_MS = 1_000;

    private final Path dir;
    private final List<Integer> ports;
    private final int replicas;
    private final Map<Integer, Process> nodes = new LinkedHashMap<>();

    private LocalRedisCluster(Path dir, List<Integer> ports, int replicas) {
        this.dir = dir;
        this.ports = ports;
        this.replicas = replicas;
    }

    /** Whether this machine can run one: {@code redis-server} and {@code redis-cli} on the PATH. */
    public static boolean available() {
        return Shell.onPath("redis-server") && Shell.onPath("redis-cli");
    }

    public static LocalRedisCluster start(int masters) throws Exception {
        return start(masters, 0);
    }

    public static LocalRedisCluster start(int masters, int replicas) throws Exception {
        Path dir = Files.createTempDirectory("redis-cluster-");
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < masters * (1 + replicas)) {
            int port = freePort();
            // A node also listens on port + 10000 (the cluster bus).
            if (port < 55_000 && !ports.contains(port) && isFree(port + 10_000)) {
                ports.add(port);
            }
        }
        LocalRedisCluster cluster = new LocalRedisCluster(dir, ports, replicas);
        try {
            cluster.startNodes();
            cluster.join();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** A seed URL for clients ({@code redis://127.0.0.1:<first node>}). */
    public String seedUrl() {
        return "redis://127.0.0.1:" + ports.get(0);
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The port of the master serving {@code key} now. */
    public int masterOf(String key) {
        for (int port : nodes.keySet()) {
            if (nodes.get(port).isAlive()) {
                try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                     StatefulRedisConnection<String, String> connection = client.connect()) {
                    Partitions partitions = ClusterPartitionParser.parse(connection.sync().clusterNodes());
                    return partitions.getMasterBySlot(SlotHash.getSlot(key)).getUri().getPort();
                }
            }
        }
        throw new IllegalStateException("no node of the cluster is running");
    }

    /** Kills node {@code port} (SIGKILL, as a crash would), then waits until the cluster serves every slot again. */
    public void crash(int port) throws InterruptedException {
        Process node = nodes.get(port);
        node.destroyForcibly();
        node.waitFor();
        for (int other : nodes.keySet()) {
            if (other != port) {
                await().atMost(Duration.ofSeconds(30)).until(() -> clusterInfo(other).contains("cluster_state:ok"));
            }
        }
    }

    /** The names of the keys node {@code port} holds. */
    public List<String> keysOn(int port) {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
             StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys("*");
        }
    }

    private void startNodes() throws IOException {
        for (int port : ports) {
            Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
            nodes.put(port, new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--cluster-enabled", "yes", "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                    "--dir", nodeDir.toString(), "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
        }
        for (int port : ports) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !isFree(port));
        }
    }

    private void join() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
        Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(create.getInputStream().readAllBytes());
        if (!create.waitFor(30, TimeUnit.SECONDS) || create.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed: " + output);
        }
        for (int port : ports) {
            await().atMost(Duration.ofSeconds(30)).until(() -> clusterInfo(port).contains("cluster_state:ok"));
        }
        if (replicas > 0) {
            // Replicas attach a moment after the slots are assigned; a failover before then finds no one to promote.
            await().atMost(Duration.ofSeconds(30)).until(() -> ports.stream().allMatch(port -> clusterInfo(port).contains("cluster_state:ok"))
                    && connectedReplicas() == ports.size() / (1 + replicas) * replicas);
        }
    }

    private long connectedReplicas() {
        long connected = 0;
        for (int port : ports) {
            try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                String replication = connection.sync().info("replication");
                if (replication.contains("role:slave") && replication.contains("master_link_status:up")) {
                    connected++;
                }
            }
        }
        return connected;
    }

    private static String clusterInfo(int port) {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
             StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().clusterInfo();
        }
    }

    @Override
    public void close() throws IOException {
        for (Process node : nodes.values()) {
            node.destroy();
        }
        for (Process node : nodes.values()) {
            try {
                if (!node.waitFor(5, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                node.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
