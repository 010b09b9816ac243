package io.github.istiocoredns.e2e.standin;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals read the way the plugin's Go code reads them ({@code net.ParseIP}, {@code net.ParseCIDR} and
 * {@code IP.To4()} of the Go releases of 2019), so that the stand-in accepts and drops exactly the same addresses.
 * Never resolves a host name: only literals are parsed.
 */
final class GoIpLiteral {

    // Go before 1.17 read each IPv4 part as decimal with any number of leading zeros ("010" is 10).
    private static final Pattern IPV4 = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)");
    // An IPv6 literal without zone or brackets (Go's ParseIP rejects both). Starting with a hex digit or ':' and
    // holding a ':' is what makes InetAddress.getByName parse it as a literal instead of looking it up.
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX_LENGTH = Pattern.compile("\\d+");

    /** What {@code net.ParseIP} makes of a string. */
    enum Kind {
        /** {@code ParseIP} returns nil. */
        NOT_AN_IP,
        /** {@code ParseIP(s).To4() != nil}: dotted IPv4, or IPv4-mapped IPv6 such as {@code ::ffff:10.0.0.1}. */
        IPV4,
        /** Any other IPv6 address. */
        IPV6
    }

    private GoIpLiteral() {
    }

    static Kind kindOf(String literal) {
        return parse(literal).map(address -> address instanceof Inet4Address ? Kind.IPV4 : Kind.IPV6)
                .orElse(Kind.NOT_AN_IP);
    }

    /** The address when {@code ParseIP(s).To4()} is not nil. */
    static Optional<Inet4Address> ipv4(String literal) {
        return parse(literal).filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast);
    }

    /**
     * {@code net.ParseCIDR} succeeds and the address part is IPv4 ({@code To4() != nil}): the check of
     * {@code ValidateIPv4Subnet} for a string with one {@code /}.
     */
    static boolean isIpv4Cidr(String literal) {
        int slash = literal.indexOf('/');
        if (slash < 0 || literal.indexOf('/', slash + 1) >= 0) {
            return false;
        }
        String prefix = literal.substring(slash + 1);
        Optional<InetAddress> address = parse(literal.substring(0, slash));
        if (address.isEmpty() || !PREFIX_LENGTH.matcher(prefix).matches() || prefix.length() > 3) {
            return false;
        }
        // ParseCIDR bounds the prefix by the length of the literal's family: 32 for dotted IPv4, 128 for IPv6
        // (an IPv4-mapped IPv6 literal keeps 128 and still passes To4()).
        int maxPrefix = IPV4.matcher(literal.substring(0, slash)).matches() ? 32 : 128;
        return Integer.parseInt(prefix) <= maxPrefix && address.get() instanceof Inet4Address;
    }

    private static Optional<InetAddress> parse(String literal) {
        if (literal == null) {
            return Optional.empty();
        }
        var ipv4 = IPV4.matcher(literal);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int part = 0; part < 4; part++) {
                String digits = ipv4.group(part + 1).replaceFirst("^0+(?=\\d)", "");
                if (digits.length() > 3 || Integer.parseInt(digits) > 255) {
                    return Optional.empty();
                }
                bytes[part] = (byte) Integer.parseInt(digits);
            }
            return byAddress(bytes);
        }
        if (literal.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(literal).matches()) {
            try {
                // Java returns an Inet4Address exactly for the IPv4-mapped form, which is Go's To4() != nil.
                return Optional.of(InetAddress.getByName(literal));
            } catch (UnknownHostException notAnIpv6Literal) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossibleForFourBytes) {
            throw new IllegalStateException(impossibleForFourBytes);
        }
    }
}
