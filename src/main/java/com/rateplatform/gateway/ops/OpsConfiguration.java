package com.rateplatform.gateway.ops;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.StaticPage;
import com.rateplatform.gateway.config.Roles;
import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.deadletter.DeadLetterQueue;
import com.rateplatform.gateway.delivery.DeliveryStatusQuery;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.persistence.RequestStore;
import com.rateplatform.gateway.security.AuditLog;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * What operators use: the dead-letter API ({@code deadLetterQueue}), request search and detail ({@code requestSearch},
 * {@code requestDetail}), {@code operatorSession}, and the ops console page at {@code /ops/} (gateway role, unless
 * {@code OPS_CONSOLE_ENABLED=false}). Runs after the security and delivery configurations, whose beans it uses.
 */
public class OpsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OpsConfiguration.class);
    static final String CONSOLE_PATH = "/ops/";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        Supplier<RedisStreamComponent> streams = () -> context.getComponent("redis-stream", RedisStreamComponent.class);

        registry.bind("deadLetterQueue", new DeadLetterQueue(streams, settings.text("rate.stream.dlq"),
                Set.of(settings.text("rate.stream.requests"), settings.text("rate.stream.requests-high"),
                        settings.text("rate.stream.extension-responses"), settings.text("rate.stream.importer-responses")),
                registry.lookupByNameAndType("requestStore", RequestStore.class),
                registry.lookupByNameAndType("auditLog", AuditLog.class),
                registry.lookupByNameAndType("messageCodec", MessageCodec.class),
                settings.integer("rate.dlq.max-page-size"), settings.integer("rate.dlq.max-scan")));
        registry.bind("requestSearch", new RequestSearch(dataSource, settings.integer("rate.ops.requests-page-size"),
                settings.integer("rate.ops.requests-max-page-size")));
        registry.bind("requestDetail", new RequestDetail(dataSource,
                registry.lookupByNameAndType("deliveryStatusQuery", DeliveryStatusQuery.class),
                settings.integer("rate.ops.detail-max-items")));
        registry.bind("operatorSession", new OperatorSession());

        if (Roles.parse(settings.text("rate.roles")).has(Roles.GATEWAY) && settings.flag("rate.ops.console-enabled")) {
            new StaticPage(CONSOLE_PATH, "ops", List.of("index.html", "ops.js", "ops.css")).mountWhenStarted(context);
            LOG.info("Ops console at {} (OPS_CONSOLE_ENABLED=false turns it off); it asks for a token with monitoring:read",
                    CONSOLE_PATH);
        }
    }
}
