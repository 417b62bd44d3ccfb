package com.rateplatform.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.security.ApiTokenStore;
import com.rateplatform.gateway.security.WebhookDnsResolver;
import com.rateplatform.gateway.security.WebhookUrlPolicy;

/**
 * Beans of webhook delivery ({@code rate.webhook.*}), used by routes/gateway-webhooks.camel.yaml and the response
 * recorder. Runs after {@code GatewayConfiguration} and {@code SecurityConfiguration}, whose {@code dataSource} and
 * {@code apiTokenStore} it uses.
 *
 * <p>{@code webhookSecrets} and {@code webhookTargets} are bound only when no other configuration bound them first,
 * and are looked up on each use, so other implementations can replace the defaults: secrets derived from
 * {@code WEBHOOK_SECRET}, and the API tokens' default URLs (from {@code SecurityConfiguration}'s {@code apiTokenStore}).
 */
public class DeliveryConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        Clock clock = Clock.systemUTC();
        Ids ids = new Ids();

        if (registry.lookupByNameAndType("webhookSecrets", WebhookSecrets.class) == null) {
            DeploymentWebhookSecret secret = new DeploymentWebhookSecret(settings.text("rate.webhook.secret"));
            if (!secret.isSet()) {
                LOG.info("WEBHOOK_SECRET is not set: webhook deliveries fail (and say so) until callers have a secret");
            }
            registry.bind("webhookSecrets", secret);
        }
        if (registry.lookupByNameAndType("webhookTargets", WebhookTargets.class) == null) {
            registry.bind("webhookTargets", new TokenWebhookTargets(registry.lookupByNameAndType("apiTokenStore", ApiTokenStore.class)));
        }
        Supplier<WebhookSecrets> secrets = () -> registry.lookupByNameAndType("webhookSecrets", WebhookSecrets.class);
        Supplier<WebhookTargets> targets = () -> registry.lookupByNameAndType("webhookTargets", WebhookTargets.class);

        int maxAttempts = settings.integer("rate.webhook.max-attempts");
        Backoff backoff = new Backoff(Duration.ofMillis(settings.number("rate.webhook.backoff-initial-ms")),
                settings.integer("rate.webhook.backoff-multiplier"), Duration.ofMillis(settings.number("rate.webhook.backoff-max-ms")),
                settings.integer("rate.webhook.backoff-jitter-percent"));

        WebhookScheduler scheduler = new WebhookScheduler(dataSource, targets, ids, settings.integer("rate.db.group-commit.max-batch"),
                Duration.ofMillis(settings.number("rate.db.group-commit.recorder-linger-ms")),
                Duration.ofMillis(settings.number("rate.db.group-commit.max-wait-ms")));
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                scheduler.close();
            }
        }, true);
        registry.bind("webhookScheduler", scheduler);
        registry.bind("webhookOutbox", new WebhookOutbox(dataSource, backoff, maxAttempts,
                settings.integer("rate.webhook.batch-size"), Duration.ofMillis(settings.number("rate.webhook.claim-lease-ms"))));
        // The SSRF policy of the security configuration, asked again at send time (DNS may have changed since intake).
        UnaryOperator<String> urlGuard = url -> {
            WebhookUrlPolicy policy = registry.lookupByNameAndType("webhookUrlPolicy", WebhookUrlPolicy.class);
            if (policy == null) {
                return null;
            }
            WebhookUrlPolicy.Verdict verdict = policy.check(url);
            return verdict.allowed() ? null : verdict.reason();
        };
        registry.bind("webhookCalls", new WebhookCalls(secrets, urlGuard, clock));
        registry.bind("webhookConnections", webhookConnections(settings,
                () -> registry.lookupByNameAndType("webhookUrlPolicy", WebhookUrlPolicy.class), context));
        registry.bind("webhookDeadLetters", new WebhookDeadLetters(ids, clock,
                registry.lookupByNameAndType("messageCodec", MessageCodec.class)));
        registry.bind("deliveryStatusQuery", new DeliveryStatusQuery(dataSource, maxAttempts));
        // Attempts of one poll run side by side, so one slow receiver does not hold up the others. Camel shuts it down.
        registry.bind("webhookSenders", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "webhook-sender", settings.integer("rate.webhook.concurrency")));
    }

    /**
     * The connections of the webhook route's camel-http client: the connect timeout and the socket timeout (no answer
     * within it ends the attempt) from {@code rate.webhook.*}, and names resolved through the SSRF policy when a
     * connection is made ({@link WebhookDnsResolver}). One per sender thread and receiver; closed with Camel.
     */
    private static PoolingHttpClientConnectionManager webhookConnections(Settings settings, Supplier<WebhookUrlPolicy> policy,
                                                                         CamelContext context) throws Exception {
        int senders = settings.integer("rate.webhook.concurrency");
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new WebhookDnsResolver(policy))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(settings.number("rate.webhook.connect-timeout-ms")))
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.number("rate.webhook.timeout-ms")))
                        .build())
                .setMaxConnTotal(senders)
                .setMaxConnPerRoute(senders)
                .build();
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                connections.close();
            }
        }, true);
        return connections;
    }
}
