package com.rateplatform.gateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import org.apache.hc.client5.http.DnsResolver;

/**
 * Name resolution of the webhook HTTP client (camel-http's Apache HttpClient 5): only addresses the
 * {@link WebhookUrlPolicy} allows. The check at send time resolves the name once; the connection resolves it again,
 * here, so a name that answers a public address to the check and a private one to the connection (DNS rebinding) is
 * refused where it matters. Loopback and private receivers pass only where the policy's allow-list names them (tests,
 * development: {@code WEBHOOK_ALLOWED_HOSTS}).
 */
public class WebhookDnsResolver implements DnsResolver {

    private final Supplier<WebhookUrlPolicy> policy;

    /** @param policy looked up on each use, as the bean another configuration may replace */
    public WebhookDnsResolver(Supplier<WebhookUrlPolicy> policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        WebhookUrlPolicy current = policy.get();
        return current == null ? InetAddress.getAllByName(host) : current.addressesFor(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return resolve(host)[0].getCanonicalHostName();
    }
}
