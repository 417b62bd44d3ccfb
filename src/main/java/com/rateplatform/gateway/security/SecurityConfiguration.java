package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.nimbusds.jose.jwk.JWKSet;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * The security beans, bound by the names the YAML routes use: {@code guard} (authentication, scopes, rate limits),
 * {@code webhookUrlCheck} (intake), and {@code auditLog}, {@code apiTokenStore}, {@code webhookUrlPolicy} for other
 * capabilities. Also puts the {@link HttpEdge} checks on the HTTP listener once it is up. Runs after
 * {@code GatewayConfiguration}, whose {@code dataSource} it uses.
 */
public class SecurityConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        Clock clock = Clock.systemUTC();

        AuditLog auditLog = new AuditLog(dataSource);
        ApiTokenStore apiTokens = new ApiTokenStore(dataSource, auditLog);
        JWKSet jwtKeys = JwtKeys.load(settings.text("rate.security.jwt.secret"), settings.text("rate.security.jwt.public-key-file"),
                settings.text("rate.security.jwt.jwks-file"));
        JwksUrl jwksUrl = jwksUrl(context, settings);
        JwtVerifier jwt = jwtKeys.isEmpty() && jwksUrl == null ? null : new JwtVerifier(jwtKeys, jwksUrl,
                settings.text("rate.security.jwt.audience"), settings.text("rate.security.jwt.issuer"));
        VerifiedCallers verified = new VerifiedCallers(settings.integer("rate.security.credential-cache.max-entries"),
                Duration.ofMillis(settings.number("rate.security.credential-cache.ttl-ms")), clock);
        if (jwksUrl != null) {
            jwksUrl.onKeysChanged(verified::forgetAll);
        }
        registry.bind("revokedTokens", new RevokedTokens(apiTokens, verified, clock, RevokedTokens.CLOCK_SKEW_MARGIN));
        Authenticator authenticator = new Authenticator(jwt, new ApiTokenVerifier(apiTokens, clock), verified);
        // The component is looked up on use: camel-main configures it (URL, key prefix) after this class has run.
        RateLimiter rateLimiter = new RateLimiter(() -> redisStreams(context).connections().shared().scripting(),
                key -> redisStreams(context).keyOf(key), rateLimits(settings));
        Guard guard = new Guard(authenticator, rateLimiter);
        registry.bind("guard", guard);
        registry.bind("auditLog", auditLog);
        registry.bind("apiTokenStore", apiTokens);

        WebhookUrlPolicy webhookUrls = WebhookUrlPolicy.of(settings.flag("rate.security.webhook.allow-http"),
                settings.text("rate.security.webhook.allowed-hosts"));
        registry.bind("webhookUrlPolicy", webhookUrls);
        registry.bind("webhookUrlCheck", new WebhookUrlCheck(webhookUrls));

        long maxBodyBytes = settings.number("camel.server.max-body-size");
        context.addStartupListener((started, alreadyStarted) -> started.getRegistry().findByType(VertxPlatformHttpRouter.class)
                .forEach(router -> HttpEdge.install(router, maxBodyBytes, IntakeListener.of(started.getRegistry()))));

        try {
            DevelopmentToken.issueIfNeeded(settings.flag("rate.db.embedded"), jwt != null, settings.text("camel.server.host"),
                    settings.text("rate.webhook.secret"), apiTokens, clock);
        } catch (SQLException e) {
            LOG.warn("Could not look for API tokens at start: {}", e.getMessage());
        }
    }

    /** The identity provider's keys when JWT_JWKS_URL is set (first fetched in the background; closed with the context), or null. */
    private static JwksUrl jwksUrl(CamelContext context, Settings settings) throws Exception {
        String url = settings.text("rate.security.jwt.jwks-url");
        if (url.isBlank()) {
            return null;
        }
        JwksUrl jwksUrl = new JwksUrl(url, new JwksUrl.Timings(
                Duration.ofMillis(settings.number("rate.security.jwt.jwks-refresh-ms")),
                Duration.ofMillis(settings.number("rate.security.jwt.jwks-rate-limit-ms")),
                Duration.ofMillis(settings.number("rate.security.jwt.jwks-outage-tolerance-ms")),
                Duration.ofMillis(settings.number("rate.security.jwt.jwks-timeout-ms"))));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                jwksUrl.close();
            }
        }, true);
        jwksUrl.fetchInBackground();
        return jwksUrl;
    }

    private static Map<String, RateLimit> rateLimits(Settings settings) {
        Map<String, RateLimit> limits = new LinkedHashMap<>();
        for (String scope : Scopes.ALL) {
            String key = "rate.security.rate-limit." + Scopes.settingName(scope);
            try {
                limits.put(scope, RateLimit.parse(settings.text(key)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(key + ": " + e.getMessage(), e);
            }
        }
        return limits;
    }

    private static RedisStreamComponent redisStreams(CamelContext context) {
        return context.getComponent("redis-stream", RedisStreamComponent.class);
    }
}
