package com.rateplatform.gateway.stream;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * {@code redis-stream:<stream>?options}: publishes message bodies to a Redis Stream (XADD) and consumes a stream in a
 * consumer group (XREADGROUP, XACK after success, XAUTOCLAIM of entries a dead consumer left pending).
 *
 * <p>All endpoints of one component share one {@link RedisConnections}, and start from the component's
 * {@link RedisStreamConfiguration}: an option set once on the component (say {@code claimIdle}) holds for every endpoint
 * that does not set it itself.
 */
@Component("redis-stream")
public class RedisStreamComponent extends HealthCheckComponent {

    @Metadata(label = "common", defaultValue = "redis://127.0.0.1:6379",
              description = "Redis URL such as redis://host:6379/0 (credentials as the URL's user information), rediss:// for TLS."
                            + " Ignored when connections is set.")
    private String url = "redis://127.0.0.1:6379";

    @Metadata(label = "common", defaultValue = "false", description = "Treat url as a seed node of a Redis Cluster.")
    private boolean cluster;

    @Metadata(label = "advanced", defaultValue = "5s", javaType = "java.time.Duration",
              description = "With cluster: how often the cluster's topology is read again (CLUSTER NODES on each"
                            + " node), so a replica promoted by a failover is used within about this long.")
    private Duration clusterTopologyRefresh = RedisConnections.DEFAULT_TOPOLOGY_REFRESH;

    @Metadata(label = "common", description = "Put in front of every stream name to form its Redis key, so several"
                                              + " deployments or test runs can share one Redis.")
    private String keyPrefix = "";

    @Metadata(label = "advanced",
              description = "The endpoint options every endpoint of this component starts from (each can still override them):"
                            + " set once as camel.component.redis-stream.<option>, such as claimIdle or claimInterval.")
    private RedisStreamConfiguration configuration = defaultConfiguration();

    @Metadata(label = "advanced", defaultValue = "rate-gateway",
              description = "Name this process's connections give themselves (CLIENT SETNAME), as CLIENT LIST shows them.")
    private String clientName = "rate-gateway";

    @Metadata(label = "security", description = "With a rediss:// url: PEM file of the certificate authorities the server's"
                                               + " certificate must be signed by (instead of the JVM's trust store).")
    private String tlsCaFile;

    @Metadata(label = "advanced", defaultValue = "10s", javaType = "java.time.Duration",
              description = "Upper bound of one Redis command; must exceed every consumer's block.")
    private Duration commandTimeout = Duration.ofSeconds(10);

    @Metadata(label = "advanced", autowired = true,
              description = "Connection setup to use instead of building one from url; its owner closes it.")
    private RedisConnections connections;

    @Metadata(label = "advanced",
              description = "Told of every takeover of entries a silent consumer left pending (XAUTOCLAIM). Defaults to the one"
                            + " bean of type ClaimListener in the registry, if there is exactly one.")
    private ClaimListener claimListener;

    private boolean ownsConnections;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RedisStreamConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setStream(remaining);
        RedisStreamEndpoint endpoint = new RedisStreamEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The shared connection setup, created from {@link #getUrl()} on first use. */
    public synchronized RedisConnections connections() {
        if (connections == null) {
            connections = RedisConnections.create(url, cluster, commandTimeout, clientName, clusterTopologyRefresh, tlsCaFile);
            ownsConnections = true;
        }
        return connections;
    }

    /** The Redis key of a logical stream name. */
    public String keyOf(String stream) {
        return keyPrefix + stream;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        super.doStop();
        if (ownsConnections && connections != null) {
            connections.close();
            connections = null;
            ownsConnections = false;
        }
    }

    private static RedisStreamConfiguration defaultConfiguration() {
        RedisStreamConfiguration defaults = new RedisStreamConfiguration();
        defaults.setConsumerName(defaultConsumerName());
        return defaults;
    }

    private static String defaultConsumerName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "worker";
            }
        }
        return host;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Duration getClusterTopologyRefresh() {
        return clusterTopologyRefresh;
    }

    public void setClusterTopologyRefresh(Duration clusterTopologyRefresh) {
        this.clusterTopologyRefresh = clusterTopologyRefresh;
    }

    public boolean isCluster() {
        return cluster;
    }

    public void setCluster(boolean cluster) {
        this.cluster = cluster;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix == null ? "" : keyPrefix;
    }

    public RedisStreamConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(RedisStreamConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The consumer name group consumers take unless their endpoint names one: by default the host name. */
    public String getConsumerName() {
        return configuration.getConsumerName();
    }

    public String getClientName() {
        return clientName;
    }

    public void setClientName(String clientName) {
        this.clientName = clientName;
    }

    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    public String getTlsCaFile() {
        return tlsCaFile;
    }

    public void setTlsCaFile(String tlsCaFile) {
        this.tlsCaFile = tlsCaFile;
    }

    /** The claim listener set, or else the one bean of that type in the registry (looked up on the first takeover). */
    public ClaimListener getClaimListener() {
        if (claimListener == null && getCamelContext() != null) {
            claimListener = getCamelContext().getRegistry().findSingleByType(ClaimListener.class);
        }
        return claimListener;
    }

    public void setClaimListener(ClaimListener claimListener) {
        this.claimListener = claimListener;
    }

    public RedisConnections getConnections() {
        return connections;
    }

    public void setConnections(RedisConnections connections) {
        this.connections = connections;
    }
}
