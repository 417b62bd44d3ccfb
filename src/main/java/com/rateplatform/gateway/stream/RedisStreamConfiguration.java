package com.rateplatform.gateway.stream;

import java.time.Duration;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * Options of one {@code redis-stream:} endpoint; the component holds one more, the defaults its endpoints start from
 * (set as {@code camel.component.redis-stream.<option>}).
 */
@UriParams
public class RedisStreamConfiguration implements Cloneable {

    @UriPath(description = "Logical stream name; the component's keyPrefix is put in front of it to form the Redis key.")
    @Metadata(required = true)
    private String stream;

    @UriParam(label = "common", defaultValue = "data",
              description = "Entry field that holds the message body (the plan's format: one JSON string under 'data').")
    private String field = "data";

    @UriParam(label = "consumer", description = "Consumer group to read in. Created with MKSTREAM when absent; an existing group is used as is."
                                              + " Without a group the consumer follows the stream (XREAD): every process sees every entry"
                                              + " published after it started, and nothing is acknowledged.")
    private String group;

    @UriParam(label = "consumer",
              description = "Stable name of this process inside the group; each concurrent reader appends '-<n>'. Keep it stable across"
                            + " restarts (for example the host name) so a restarted process picks up its own pending entries at once."
                            + " Defaults to the host name (HOSTNAME, else the local host name).")
    private String consumerName;

    @UriParam(label = "consumer", defaultValue = "1",
              description = "Readers in this process, each with its own connection and group consumer name.")
    private int concurrency = 1;

    @UriParam(label = "consumer", defaultValue = "10", description = "Largest number of entries one XREADGROUP or XAUTOCLAIM returns (COUNT).")
    private int batchSize = 10;

    @UriParam(label = "consumer", defaultValue = "2s", javaType = "java.time.Duration",
              description = "How long one XREADGROUP waits for new entries (BLOCK). A duration: 2s, 500ms, or plain milliseconds.")
    private Duration block = Duration.ofSeconds(2);

    @UriParam(label = "consumer", defaultValue = "0",
              description = "Where a newly created group starts: '0' delivers entries already in the stream (nothing published"
                            + " before the first worker started is skipped), '$' only new ones.")
    private String startId = "0";

    @UriParam(label = "consumer", defaultValue = "60s", javaType = "java.time.Duration",
              description = "An entry another consumer (or this one) has held unacknowledged for this long is taken over with"
                            + " XAUTOCLAIM and delivered again. It must exceed the longest normal processing time of one batch."
                            + " Also how long a stop waits for the exchanges in flight.")
    private Duration claimIdle = Duration.ofSeconds(60);

    @UriParam(label = "consumer", defaultValue = "5s", javaType = "java.time.Duration",
              description = "How often each reader looks for entries to take over.")
    private Duration claimInterval = Duration.ofSeconds(5);

    @UriParam(label = "consumer", defaultValue = "1s", javaType = "java.time.Duration",
              description = "Pause after a reader error before the reader tries again.")
    private Duration errorBackoff = Duration.ofSeconds(1);

    @UriParam(label = "producer", defaultValue = "0",
              description = "Approximate cap on the stream length, applied on every XADD as MAXLEN ~ n. 0 disables trimming here.")
    private long maxLen;

    @UriParam(label = "producer", defaultValue = "false",
              description = "Whether the calling thread waits for XADD's reply and carries the exchange on itself. By default the"
                            + " exchange carries on asynchronously, on Redis's I/O thread, once the reply is in: set this where a"
                            + " blocking step (a database write) follows the XADD, so it does not run on that thread.")
    private boolean synchronous;

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getField() {
        return field;
    }

    public void setField(String field) {
        this.field = field;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        // Blank (an unset environment variable) keeps the default: the component's, which is the host name.
        if (consumerName != null && !consumerName.isBlank()) {
            this.consumerName = consumerName;
        }
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getBlock() {
        return block;
    }

    public void setBlock(Duration block) {
        this.block = block;
    }

    public String getStartId() {
        return startId;
    }

    public void setStartId(String startId) {
        this.startId = startId;
    }

    public Duration getClaimIdle() {
        return claimIdle;
    }

    public void setClaimIdle(Duration claimIdle) {
        this.claimIdle = claimIdle;
    }

    public Duration getClaimInterval() {
        return claimInterval;
    }

    public void setClaimInterval(Duration claimInterval) {
        this.claimInterval = claimInterval;
    }

    public Duration getErrorBackoff() {
        return errorBackoff;
    }

    public void setErrorBackoff(Duration errorBackoff) {
        this.errorBackoff = errorBackoff;
    }

    public long getMaxLen() {
        return maxLen;
    }

    public void setMaxLen(long maxLen) {
        this.maxLen = maxLen;
    }

    public boolean isSynchronous() {
        return synchronous;
    }

    public void setSynchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    public RedisStreamConfiguration copy() {
        try {
            return (RedisStreamConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
