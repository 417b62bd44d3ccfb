package com.rateplatform.gateway.stream;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Options of one {@code redis-stream:} endpoint. */
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
                            + " Defaults to the component's consumerName.")
    private String consumerName;

    @UriParam(label = "consumer", defaultValue = "1",
              description = "Readers in this process, each with its own connection and group consumer name.")
    private int concurrency = 1;

    @UriParam(label = "consumer", defaultValue = "10", description = "Largest number of entries one XREADGROUP or XAUTOCLAIM returns (COUNT).")
    private int batchSize = 10;

    @UriParam(label = "consumer", defaultValue = "2000",
              description = "How long one XREADGROUP waits for new entries (BLOCK, ms). Also bounds how long a stop waits for a reader.")
    private long blockMs = 2000;

    @UriParam(label = "consumer", defaultValue = "0",
              description = "Where a newly created group starts: '0' delivers entries already in the stream (nothing published"
                            + " before the first worker started is skipped), '$' only new ones.")
    private String startId = "0";

    @UriParam(label = "consumer", defaultValue = "60000",
              description = "An entry another consumer (or this one) has held unacknowledged for this long (ms) is taken over with"
                            + " XAUTOCLAIM and delivered again. It must exceed the longest normal processing time of one batch.")
    private long claimIdleMs = 60_000;

    @UriParam(label = "consumer", defaultValue = "5000", description = "How often each reader looks for entries to take over (ms).")
    private long claimIntervalMs = 5_000;

    @UriParam(label = "consumer", defaultValue = "1000", description = "Pause after a Redis error before the reader tries again (ms).")
    private long errorBackoffMs = 1_000;

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
        this.consumerName = consumerName;
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

    public long getBlockMs() {
        return blockMs;
    }

    public void setBlockMs(long blockMs) {
        this.blockMs = blockMs;
    }

    public String getStartId() {
        return startId;
    }

    public void setStartId(String startId) {
        this.startId = startId;
    }

    public long getClaimIdleMs() {
        return claimIdleMs;
    }

    public void setClaimIdleMs(long claimIdleMs) {
        this.claimIdleMs = claimIdleMs;
    }

    public long getClaimIntervalMs() {
        return claimIntervalMs;
    }

    public void setClaimIntervalMs(long claimIntervalMs) {
        this.claimIntervalMs = claimIntervalMs;
    }

    public long getErrorBackoffMs() {
        return errorBackoffMs;
    }

    public void setErrorBackoffMs(long errorBackoffMs) {
        this.errorBackoffMs = errorBackoffMs;
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
