package com.rateplatform.gateway.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys an identity provider publishes at a JWKS URL ({@code JWT_JWKS_URL}), fetched over HTTPS (plain HTTP only
 * from a loopback address) and kept by nimbus's {@link JWKSourceBuilder} stack:
 * <ul>
 * <li>cached, and fetched again in the background shortly before {@link Timings#refresh} has passed since the last
 * fetch, whether tokens arrive or not;</li>
 * <li>fetched at once when a token names a key id the cache lacks (the provider rotated its keys), at most twice per
 * {@link Timings#rateLimit}, so tokens with made-up key ids cannot flood the provider;</li>
 * <li>while the provider cannot be reached, the keys last fetched stay trusted until {@link Timings#outageTolerance}
 * after that fetch;</li>
 * <li>a key that cannot be had is the caller's 401, never the gateway's error.</li>
 * </ul>
 * The first fetch runs in the background ({@link #fetchInBackground}), so a provider that is down at start does not
 * keep the gateway from starting. Each change of the provider's state (reachable, not reachable, cached keys given up)
 * and each change of its key ids is logged once, never per request.
 */
public final class JwksUrl implements JWKSource<SecurityContext>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JwksUrl.class);
    private static final JWKSelector EVERY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    /**
     * @param refresh         time-to-live of the cached keys; they are fetched again a little before it runs out
     * @param rateLimit       at most two fetches in any such interval; shorter than {@code refresh}
     * @param outageTolerance how long after the last successful fetch its keys stay trusted while the provider is down
     * @param timeout         connect and read timeout of one fetch
     */
    public record Timings(Duration refresh, Duration rateLimit, Duration outageTolerance, Duration timeout) {

        public Timings {
            if (rateLimit.compareTo(refresh) >= 0) {
                throw new IllegalStateException("JWT_JWKS_RATE_LIMIT_MS (" + rateLimit.toMillis()
                                                + ") must be shorter than JWT_JWKS_REFRESH_MS (" + refresh.toMillis() + ")");
            }
        }
    }

    private final URL url;
    private final Timings timings;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "jwks-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final JWKSource<SecurityContext> keys;
    private volatile Runnable onKeysChanged = () -> { };

    /** @throws IllegalStateException when the URL is not https (or http to a loopback address) */
    public JwksUrl(String url, Timings timings) {
        this.url = checked(url);
        this.timings = timings;
        int timeout = Math.toIntExact(timings.timeout().toMillis());
        JWKSetSource<SecurityContext> fetches = new Fetches(new URLBasedJWKSetSource<>(this.url,
                new DefaultResourceRetriever(timeout, timeout, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT)));
        long ttl = timings.refresh().toMillis();
        // nimbus wants refresh-ahead time + refresh timeout within the time-to-live: its defaults, or a quarter each of a short one.
        long refreshAhead = Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 4);
        long refreshTimeout = Math.min(JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, ttl / 4);
        this.keys = JWKSourceBuilder.create(fetches)
                .cache(ttl, refreshTimeout)
                .refreshAheadCache(refreshAhead, null, refresher, false, refresher, false)
                .rateLimited(timings.rateLimit().toMillis())
                .outageTolerant(timings.outageTolerance().toMillis())
                .build();
    }

    /** Starts the first fetch; its outcome is logged. Tokens that arrive meanwhile wait for it (up to the refresh timeout). */
    public void fetchInBackground() {
        refresher.execute(() -> {
            try {
                keys.get(EVERY_KEY, null);
            } catch (KeySourceException e) {
                // Logged by Fetches; tokens that need these keys trigger the next attempt.
            }
        });
    }

    /**
     * Called whenever the trusted key set changes: other key ids fetched, or the last ones no longer trusted after an
     * outage. Whoever remembers verified tokens forgets them then.
     */
    public void onKeysChanged(Runnable listener) {
        this.onKeysChanged = listener;
    }

    /** @throws KeySourceException when the keys cannot be fetched (or fetching is rate-limited) and none are cached */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return keys.get(selector, context);
    }

    /** Stops the background refresh. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    @Override
    public String toString() {
        return url.toString();
    }

    static URL checked(String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost()))) {
                throw new IllegalStateException("JWT_JWKS_URL must be an https URL (plain http only to a loopback address"
                                                + " such as 127.0.0.1), not " + url);
            }
            return uri.toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("JWT_JWKS_URL is not a URL: " + url, e);
        }
    }

    /** localhost, or an address literal in 127/8 or ::1. A host name is never resolved for this. */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return AddressRange.looksLikeRange(literal) && InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The fetch itself, beneath nimbus's cache, rate limit and outage tolerance, so it sees exactly the calls that reach
     * the provider. Logs each change of state once, and changed key ids.
     */
    private final class Fetches implements JWKSetSource<SecurityContext> {

        private final JWKSetSource<SecurityContext> http;
        private State state = State.NOT_FETCHED_YET;
        private long lastFetched;
        private List<String> keyIds = List.of();

        Fetches(JWKSetSource<SecurityContext> http) {
            this.http = http;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long now, SecurityContext context) throws KeySourceException {
            try {
                JWKSet fetched = http.getJWKSet(evaluator, now, context);
                fetched(fetched, now);
                return fetched;
            } catch (KeySourceException e) {
                failed(e, now);
                throw e;
            }
        }

        private synchronized void fetched(JWKSet fetched, long now) {
            List<String> ids = fetched.getKeys().stream().map(key -> String.valueOf(key.getKeyID())).toList();
            if (lastFetched == 0) {
                LOG.info("JWT keys from {}: key ids {}; refreshed every {} ms, and at once when a token names another key id",
                        url, ids, timings.refresh().toMillis());
            } else if (state != State.UP) {
                LOG.info("JWT keys from {} can be fetched again: key ids {}", url, ids);
            } else if (!ids.equals(keyIds)) {
                LOG.info("JWT keys from {} changed: key ids {} (were {})", url, ids, keyIds);
                onKeysChanged.run();
            }
            state = State.UP;
            lastFetched = now;
            keyIds = ids;
        }

        private synchronized void failed(KeySourceException e, long now) {
            switch (state) {
                case NOT_FETCHED_YET -> {
                    LOG.warn("JWT keys from {} cannot be fetched ({}): tokens signed by them get 401 until it answers; tried"
                             + " again when such a token arrives, at most twice every {} ms", url, e.getMessage(),
                            timings.rateLimit().toMillis());
                    state = State.NO_KEYS;
                }
                case UP -> {
                    LOG.warn("JWT keys from {} cannot be fetched ({}): the keys fetched last (key ids {}) stay trusted until {}",
                            url, e.getMessage(), keyIds, Instant.ofEpochMilli(lastFetched).plus(timings.outageTolerance()));
                    state = State.FAILING;
                }
                case FAILING -> {
                    if (now - lastFetched >= timings.outageTolerance().toMillis()) {
                        LOG.warn("JWT keys from {} still cannot be fetched ({}): its keys fetched at {} are no longer trusted;"
                                 + " tokens signed by them get 401 until it answers", url, e.getMessage(), Instant.ofEpochMilli(lastFetched));
                        state = State.NO_KEYS;
                        onKeysChanged.run();
                    }
                }
                case NO_KEYS -> {
                    // Said already.
                }
            }
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }

    private enum State { NOT_FETCHED_YET, UP, FAILING, NO_KEYS }
}
