package io.github.istiocoredns.e2e.manifests;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 network such as a cluster's service range, 10.96.0.0/12. */
public record Cidr(long network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public static Cidr parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 network such as 10.96.0.0/12");
        }
        int prefix = Integer.parseInt(parts[1]);
        long address = address(parts[0]);
        if ((address & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("'" + text + "' has host bits set (the network is " + format(address & mask(prefix)) + "/" + prefix + ")");
        }
        return new Cidr(address, prefix);
    }

    public boolean contains(String ip) {
        return (address(ip) & mask(prefixLength)) == network;
    }

    public static boolean isAddress(String text) {
        try {
            address(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static long address(String text) {
        Matcher matcher = IPV4.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(matcher.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            value = value << 8 | octet;
        }
        return value;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
