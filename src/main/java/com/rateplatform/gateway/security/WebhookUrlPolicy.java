package com.rateplatform.gateway.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which webhook URLs the gateway will call: {@code https} only ({@code http} too when a development setting allows
 * it), no user info, and a host whose every address is public. Loopback, private (RFC 1918, unique-local), link-local
 * (which holds the cloud metadata address 169.254.169.254), carrier-grade NAT, multicast, unspecified and reserved
 * addresses are refused, also when an IPv6 address carries them inside; so are hosts that do not resolve. Hosts and
 * address ranges on the allow-list pass anyway.
 *
 * <p>Checked at intake, and again by webhook delivery at send time; and the webhook HTTP client resolves names through
 * {@link #addressesFor}, so an address DNS gives at connect time passes the same policy (a name rebound to a private
 * address in between is refused).
 */
public class WebhookUrlPolicy {

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The answer for one URL: allowed with the addresses to connect to, or refused with the reason. */
    public record Verdict(boolean allowed, String reason, URI uri, List<InetAddress> addresses) {

        static Verdict allow(URI uri, List<InetAddress> addresses) {
            return new Verdict(true, null, uri, List.copyOf(addresses));
        }

        static Verdict refuse(String reason) {
            return new Verdict(false, reason, null, List.of());
        }
    }

    /** Ranges no webhook may reach, beyond what {@link InetAddress}'s own tests name. */
    private static final List<AddressRange> BLOCKED = AddressRange.parseAll(List.of(
            "0.0.0.0/8",        // "this network"
            "100.64.0.0/10",    // carrier-grade NAT (also Alibaba Cloud's metadata address)
            "192.0.0.0/24",     // IETF protocol assignments
            "198.18.0.0/15",    // benchmarking
            "240.0.0.0/4",      // reserved, and the broadcast address
            "fc00::/7"));       // unique-local (also AWS's IPv6 metadata address)

    private final boolean allowHttp;
    private final Set<String> allowedHosts;
    private final List<AddressRange> allowedRanges;
    private final Resolver resolver;

    /**
     * @param allowHttp   accept {@code http} as well as {@code https} (development only)
     * @param allowList   host names and address ranges (CIDR, or single addresses) that pass even when not public
     * @param resolver    name resolution ({@link InetAddress#getAllByName} in production)
     */
    public WebhookUrlPolicy(boolean allowHttp, List<String> allowList, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.resolver = resolver;
        List<String> ranges = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String entry : allowList) {
            String trimmed = entry.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            (AddressRange.looksLikeRange(trimmed) ? ranges : hosts).add(trimmed);
        }
        this.allowedHosts = Set.copyOf(hosts);
        this.allowedRanges = AddressRange.parseAll(ranges);
    }

    /**
     * The policy of a deployment, from its settings {@code WEBHOOK_ALLOW_HTTP} and {@code WEBHOOK_ALLOWED_HOSTS}
     * (comma-separated), resolving names with the system resolver: the gateway and the {@code token} command use it.
     */
    public static WebhookUrlPolicy of(boolean allowHttp, String allowedHosts) {
        return new WebhookUrlPolicy(allowHttp, Arrays.asList(allowedHosts.split(",")), InetAddress::getAllByName);
    }

    public Verdict check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Verdict.refuse("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return Verdict.refuse(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Verdict.refuse("must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Verdict.refuse("has no host");
        }
        host = normalized(host);
        List<InetAddress> addresses;
        try {
            addresses = Arrays.asList(resolver.resolve(host));
        } catch (UnknownHostException e) {
            return Verdict.refuse("names a host that does not resolve");
        }
        if (addresses.isEmpty()) {
            return Verdict.refuse("names a host that does not resolve");
        }
        String refusal = refusal(host, addresses);
        return refusal == null ? Verdict.allow(uri, addresses) : Verdict.refuse(refusal);
    }

    /**
     * The addresses a webhook to this host may connect to: every address it resolves to, when the policy allows them
     * all. The webhook HTTP client resolves names with this (delivery.WebhookDnsResolver), so the policy holds at
     * connect time too: a name that answered a public address to {@link #check} and a private one now is refused.
     *
     * @throws UnknownHostException when the host does not resolve, or the policy refuses an address it resolves to
     */
    public InetAddress[] addressesFor(String host) throws UnknownHostException {
        String name = normalized(host);
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses.length == 0) {
            throw new UnknownHostException(host + " does not resolve");
        }
        String refusal = refusal(name, Arrays.asList(addresses));
        if (refusal != null) {
            throw new UnknownHostException("webhook host " + host + " refused: " + refusal);
        }
        return addresses;
    }

    /** The host as the policy compares it: lower case, no IPv6 brackets, no trailing dot. */
    private static String normalized(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    /** Why these addresses of the host may not be called, or null when they may. */
    private String refusal(String host, List<InetAddress> addresses) {
        if (allowedHosts.contains(host)) {
            return null;
        }
        List<InetAddress> refused = addresses.stream().filter(a -> !isPublic(a) && !isAllowed(a)).toList();
        if (refused.isEmpty()) {
            return null;
        }
        return "names a host that is not public (" + refused.stream().map(InetAddress::getHostAddress)
                .collect(Collectors.joining(", ")) + "); allow-list it with WEBHOOK_ALLOWED_HOSTS if it is yours";
    }

    private boolean isAllowed(InetAddress address) {
        return allowedRanges.stream().anyMatch(range -> range.contains(address));
    }

    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            InetAddress embedded = AddressRange.embeddedIpv4(v6);
            if (embedded != null) {
                return isPublic(embedded);
            }
        }
        return !(address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                 || address.isSiteLocalAddress() || address.isMulticastAddress()
                 || BLOCKED.stream().anyMatch(range -> range.contains(address)));
    }
}
