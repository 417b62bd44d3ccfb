package com.rateplatform.gateway.stream;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.api.sync.BaseRedisCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.api.sync.RedisStringCommands;

/**
 * One Lettuce connection seen through the command sets this component uses, the same for a standalone server and a
 * cluster.
 */
public record StreamConnection(StatefulConnection<String, String> connection,
                               RedisStreamCommands<String, String> streams,
                               RedisStreamAsyncCommands<String, String> asyncStreams,
                               BaseRedisCommands<String, String> base) implements AutoCloseable {

    /** String commands (GET, SET) on the same connection: the standalone and the cluster sync APIs both have them. */
    public RedisStringCommands<String, String> strings() {
        return (RedisStringCommands<String, String>) base;
    }

    /** Script commands (EVAL, EVALSHA) on the same connection: the standalone and the cluster sync APIs both have them. */
    public RedisScriptingCommands<String, String> scripting() {
        return (RedisScriptingCommands<String, String>) base;
    }

    /** Hash commands, pipelined: the standalone and the cluster async APIs both have them. */
    public RedisHashAsyncCommands<String, String> asyncHashes() {
        return (RedisHashAsyncCommands<String, String>) asyncStreams;
    }

    /** Key commands (PEXPIRE), pipelined. */
    public RedisKeyAsyncCommands<String, String> asyncKeys() {
        return (RedisKeyAsyncCommands<String, String>) asyncStreams;
    }

    /** Closes the connection unless it is closed already (a consumer's stop may have closed it under its reader). */
    @Override
    public void close() {
        if (connection.isOpen()) {
            connection.close();
        }
    }
}
