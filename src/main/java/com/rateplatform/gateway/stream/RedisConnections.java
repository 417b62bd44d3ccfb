package com.rateplatform.gateway.stream;

import java.io.File;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLException;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Redis connection setup of a process: a Lettuce client built from a URL ({@code redis://user:pass@host:port/db},
 * {@code rediss://} for TLS), one shared multiplexed connection for non-blocking commands (XADD, XACK, PING), and
 * dedicated connections for readers, because a blocking XREADGROUP on the shared connection would stall every command
 * queued behind it.
 *
 * <p>With {@code cluster=true} the same URL seeds a Redis Cluster client. Every command this component sends names a
 * single key, so it works unchanged on a cluster.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);
    static final Duration DEFAULT_TOPOLOGY_REFRESH = Duration.ofSeconds(5);

    private final AbstractRedisClient client;
    private final RedisURI uri;
    private final boolean cluster;
    private final Object lock = new Object();
    private StreamConnection shared;

    private RedisConnections(AbstractRedisClient client, RedisURI uri, boolean cluster) {
        this.client = client;
        this.uri = uri;
        this.cluster = cluster;
    }

    /**
     * @param url            Redis URL
     * @param cluster        whether the URL names a Redis Cluster seed node
     * @param commandTimeout upper bound of one command; must exceed any reader's BLOCK time
     */
    public static RedisConnections create(String url, boolean cluster, Duration commandTimeout) {
        return create(url, cluster, commandTimeout, null, DEFAULT_TOPOLOGY_REFRESH, null);
    }

    /**
     * @param clientName      shown by CLIENT LIST, so ops can tell this application's connections apart; may be null
     * @param topologyRefresh with {@code cluster}: how often the cluster's topology is read again even when no command
     *                        was redirected
     * @param tlsCaFile       with {@code rediss://}: PEM file of the authorities the server's certificate must be signed
     *                        by, instead of the JVM's trust store; null or blank for the JVM's
     */
    public static RedisConnections create(String url, boolean cluster, Duration commandTimeout, String clientName,
                                          Duration topologyRefresh, String tlsCaFile) {
        Objects.requireNonNull(url, "Redis URL");
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(commandTimeout);
        if (clientName != null && !clientName.isBlank()) {
            uri.setClientName(clientName);
        }
        SslOptions tls = tlsOptions(uri, tlsCaFile);
        TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
        // While disconnected, commands fail at once (the caller answers 503 or retries) instead of queueing until timeout.
        AbstractRedisClient client;
        if (cluster) {
            RedisClusterClient clusterClient = RedisClusterClient.create(uri);
            // After a failover or a resharding, redirects and a node that stays unreachable make the client re-read the
            // topology (adaptive, at most once a second: Lettuce's default of 30 s kept a failed-over slot unserved
            // that long in our failover test); the periodic refresh catches a promotion that no command has run into.
            ClusterTopologyRefreshOptions topology = ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                    .enablePeriodicRefresh(topologyRefresh).build();
            clusterClient.setOptions(ClusterClientOptions.builder().timeoutOptions(timeouts).topologyRefreshOptions(topology)
                    .sslOptions(tls).disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            client = clusterClient;
        } else {
            RedisClient redisClient = RedisClient.create(uri);
            redisClient.setOptions(ClientOptions.builder().timeoutOptions(timeouts).sslOptions(tls)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            client = redisClient;
        }
        return new RedisConnections(client, uri, cluster);
    }

    /**
     * Trust for {@code rediss://}: the authorities in {@code caFile}, or the JVM's trust store. Lettuce checks the
     * certificate and that it names the URL's host (verifyPeer=FULL, its default for rediss://).
     */
    private static SslOptions tlsOptions(RedisURI uri, String caFile) {
        if (caFile == null || caFile.isBlank()) {
            return SslOptions.create();
        }
        File file = new File(caFile);
        if (!file.canRead()) {
            throw new IllegalArgumentException("REDIS_TLS_CA_FILE " + caFile + " cannot be read");
        }
        if (!uri.isSsl()) {
            LOG.warn("REDIS_TLS_CA_FILE is set but REDIS_URL does not start with rediss://: Redis is reached without TLS");
        }
        return SslOptions.builder().jdkSslProvider().trustManager(file).build();
    }

    /** The shared connection, opened on first use. Never close it: {@link #close()} does. */
    public StreamConnection shared() {
        synchronized (lock) {
            if (shared == null) {
                shared = open();
                LOG.info("Connected to Redis at {}:{}{}", uri.getHost(), uri.getPort(), cluster ? " (cluster)" : "");
            }
            return shared;
        }
    }

    /** A new connection owned by the caller, for blocking reads. */
    public StreamConnection openDedicated() {
        return open();
    }

    private StreamConnection open() {
        try {
            if (cluster) {
                StatefulRedisClusterConnection<String, String> c = ((RedisClusterClient) client).connect(StringCodec.UTF8);
                return new StreamConnection(c, c.sync(), c.async(), c.sync());
            }
            StatefulRedisConnection<String, String> c = ((RedisClient) client).connect(StringCodec.UTF8);
            return new StreamConnection(c, c.sync(), c.async(), c.sync());
        } catch (RedisConnectionException e) {
            throw explainTls(e);
        }
    }

    /**
     * A refused TLS handshake says so, with the reason and what to check, instead of Lettuce's bare "Unable to connect";
     * other failures pass unchanged.
     */
    private RedisConnectionException explainTls(RedisConnectionException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                Throwable root = cause;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                // Who opened the connection logs this (a reader's retry line, the health check's reason).
                return new RedisConnectionException("TLS handshake with Redis at " + describe() + " failed: " + root.getMessage()
                        + " (the server's certificate must be signed by an authority in REDIS_TLS_CA_FILE, or in the JVM's"
                        + " trust store when unset, and name the host of REDIS_URL)", e);
            }
        }
        return e;
    }

    /** Host and port for log lines and health details; never the password. */
    public String describe() {
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (shared != null) {
                shared.close();
                shared = null;
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
