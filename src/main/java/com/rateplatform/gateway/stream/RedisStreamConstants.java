package com.rateplatform.gateway.stream;

import org.apache.camel.spi.Metadata;

/** Message headers of the {@code redis-stream:} component. */
public final class RedisStreamConstants {

    @Metadata(label = "consumer", description = "Logical name of the stream the entry was read from (without key prefix).",
              javaType = "String")
    public static final String STREAM = "CamelRedisStreamName";

    @Metadata(description = "Consumer: id of the entry being processed. Producer: id Redis gave the new entry.",
              javaType = "String")
    public static final String ENTRY_ID = "CamelRedisStreamEntryId";

    @Metadata(label = "producer", description = "Ids of the new entries when the body was a collection (pipelined XADD).",
              javaType = "java.util.List<String>")
    public static final String ENTRY_IDS = "CamelRedisStreamEntryIds";

    @Metadata(label = "consumer", description = "How many times the group has delivered this entry, 1 on first delivery.",
              javaType = "long")
    public static final String DELIVERY_COUNT = "CamelRedisStreamDeliveryCount";

    @Metadata(label = "consumer", description = "Consumer group the entry was read in.", javaType = "String")
    public static final String GROUP = "CamelRedisStreamGroup";

    @Metadata(label = "consumer", description = "Name of the group consumer that holds the entry.", javaType = "String")
    public static final String CONSUMER = "CamelRedisStreamConsumer";

    private RedisStreamConstants() {
    }
}
