package com.rateplatform.gateway.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 range in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a range of one. */
record AddressRange(byte[] network, int prefixLength) {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+(/\\d+)?|[0-9a-f:.]*:[0-9a-f:.]*(/\\d+)?");

    static boolean looksLikeRange(String text) {
        return IP_LITERAL.matcher(text).matches();
    }

    static AddressRange parse(String cidr) {
        String[] parts = cidr.split("/", 2);
        if (!looksLikeRange(cidr)) {
            throw new IllegalArgumentException("Not an address range: " + cidr);
        }
        try {
            // Only literals reach here, so this never asks DNS.
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("Prefix length out of range in " + cidr);
            }
            return new AddressRange(network, prefix);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an address range: " + cidr, e);
        }
    }

    static List<AddressRange> parseAll(List<String> cidrs) {
        return cidrs.stream().map(AddressRange::parse).toList();
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        if (!Arrays.equals(candidate, 0, fullBytes, network, 0, fullBytes)) {
            return false;
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remainingBits) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /**
     * The IPv4 address an IPv6 address carries (IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d},
     * 6to4 {@code 2002:aabb:ccdd::}), or null. (IPv4-mapped addresses arrive as IPv4 already.)
     */
    static InetAddress embeddedIpv4(Inet6Address address) {
        byte[] b = address.getAddress();
        byte[] v4 = null;
        if (address.isIPv4CompatibleAddress()) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && isZero(b, 4, 12)) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6);
        }
        try {
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Four bytes are always an IPv4 address", e);
        }
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
