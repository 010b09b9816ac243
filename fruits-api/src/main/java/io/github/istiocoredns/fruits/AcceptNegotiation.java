package io.github.istiocoredns.fruits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * restify's acceptParser: a request whose Accept header admits none of the server's formats gets
 * 406 before the handler runs. Sources: restify 8.4 lib/plugins/accept.js and lib/request.js
 * ({@code req.accepts}), and negotiator 0.6 lib/mediaType.js, whose matching rules are kept here,
 * quirks included: an Accept range with a parameter other than q (e.g.
 * {@code application/json; charset=utf-8}) matches none of the server's parameterless types, and
 * an unparsable q (NaN) excludes the range. Both give 406 on the original.
 */
public final class AcceptNegotiation {

    /** restify's default formatters, in order (server.acceptable). */
    static final List<String> SERVER_TYPES =
            List.of("application/json", "text/plain", "application/octet-stream", "application/javascript");

    /** restify's message, built from the same list (accept.js: {@code 'Server accepts: ' + acceptable.join()}). */
    public static final String NOT_ACCEPTABLE_MESSAGE = "Server accepts: " + String.join(",", SERVER_TYPES);

    private static final Pattern MEDIA_RANGE = Pattern.compile("^\\s*([^\\s/;]+)/([^;\\s]+)\\s*(?:;(.*))?$");

    private AcceptNegotiation() {
    }

    /** True when the header (null when absent, which means any type) admits a server type. */
    public static boolean acceptsAnyServerType(String acceptHeader) {
        List<MediaRange> ranges = parse(acceptHeader == null ? "*/*" : acceptHeader);
        return SERVER_TYPES.stream().anyMatch(type -> qualityOf(type, ranges) > 0);
    }

    /**
     * negotiator's getMediaTypePriority: the most specific matching range decides, then the
     * highest q, then the later range. Its comparison {@code (s diff || q diff || order diff) < 0}
     * treats a NaN difference like 0 (JavaScript's {@code ||}), which is reproduced.
     */
    private static double qualityOf(String serverType, List<MediaRange> ranges) {
        double bestSpecificity = 0;
        double bestQuality = 0;
        double bestOrder = -1;
        for (int order = 0; order < ranges.size(); order++) {
            MediaRange range = ranges.get(order);
            int specificity = range.specificityFor(serverType);
            if (specificity < 0) {
                continue;
            }
            double difference = orIfFalsy(bestSpecificity - specificity,
                    orIfFalsy(bestQuality - range.quality, bestOrder - order));
            if (difference < 0) {
                bestSpecificity = specificity;
                bestQuality = range.quality;
                bestOrder = order;
            }
        }
        return bestQuality; // NaN > 0 is false, as in JavaScript
    }

    private static double orIfFalsy(double first, double second) {
        return first == 0 || Double.isNaN(first) ? second : first;
    }

    private static List<MediaRange> parse(String header) {
        List<MediaRange> ranges = new ArrayList<>();
        for (String part : splitOutsideQuotes(header, ',')) {
            MediaRange range = MediaRange.parse(part.trim());
            if (range != null) {
                ranges.add(range);
            }
        }
        return ranges;
    }

    /** negotiator's splitMediaTypes/splitParameters: a separator inside an odd number of quotes is kept. */
    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        String[] pieces = text.split(Pattern.quote(String.valueOf(separator)), -1);
        StringBuilder current = new StringBuilder(pieces[0]);
        for (int i = 1; i < pieces.length; i++) {
            if (countQuotes(current) % 2 == 0) {
                parts.add(current.toString());
                current = new StringBuilder(pieces[i]);
            } else {
                current.append(separator).append(pieces[i]);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static int countQuotes(CharSequence text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                count++;
            }
        }
        return count;
    }

    private record MediaRange(String type, String subtype, Map<String, String> params, double quality) {

        static MediaRange parse(String text) {
            Matcher matcher = MEDIA_RANGE.matcher(text);
            if (!matcher.matches()) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            double quality = 1;
            if (matcher.group(3) != null && !matcher.group(3).isEmpty()) {
                for (String parameter : splitOutsideQuotes(matcher.group(3), ';')) {
                    String trimmed = parameter.trim();
                    int equals = trimmed.indexOf('=');
                    String key = (equals < 0 ? trimmed : trimmed.substring(0, equals)).toLowerCase(Locale.ROOT);
                    String value = equals < 0 ? null : unquote(trimmed.substring(equals + 1));
                    if (key.equals("q")) {
                        quality = parseFloatLikeJavaScript(value);
                        break;
                    }
                    params.put(key, value);
                }
            }
            return new MediaRange(matcher.group(1), matcher.group(2), params, quality);
        }

        /** negotiator's specify: 4 for a type match, 2 for a subtype match, 1 for matching params; -1 when no match. */
        int specificityFor(String serverType) {
            String[] parts = serverType.split("/");
            int specificity = 0;
            if (type.equalsIgnoreCase(parts[0])) {
                specificity |= 4;
            } else if (!type.equals("*")) {
                return -1;
            }
            if (subtype.equalsIgnoreCase(parts[1])) {
                specificity |= 2;
            } else if (!subtype.equals("*")) {
                return -1;
            }
            if (!params.isEmpty()) {
                // server types carry no parameters: only '*' or an empty value can match
                boolean allMatch = params.values().stream().allMatch(v -> "*".equals(v) || v == null || v.isEmpty());
                if (!allMatch) {
                    return -1;
                }
                specificity |= 1;
            }
            return specificity;
        }

        private static String unquote(String value) {
            boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
            return quoted ? value.substring(1, value.length() - 1) : value;
        }

        /** JavaScript parseFloat: the longest leading decimal literal; NaN when there is none. */
        private static double parseFloatLikeJavaScript(String value) {
            if (value == null) {
                return Double.NaN;
            }
            Matcher number = Pattern.compile("^\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)").matcher(value);
            if (number.find()) {
                return Double.parseDouble(number.group(1));
            }
            return value.trim().startsWith("Infinity") || value.trim().startsWith("+Infinity") ? Double.POSITIVE_INFINITY : Double.NaN;
        }
    }
}
