package io.github.istiocoredns.fruits;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes JSON exactly as JavaScript's {@code JSON.stringify} does, because the original service
 * (Node's restify) produced its bodies that way and clients may compare them byte for byte.
 *
 * <p>Done by hand on purpose: a general JSON library writes {@code 3.0} for the double 3.0 where
 * JavaScript writes {@code 3}, and escapes control characters with upper-case hex where
 * JavaScript uses lower case. Supported values: String, Number (as a double), nested Map.
 */
public final class JsJson {

    private JsJson() {
    }

    /** The object with its keys in iteration order (use a LinkedHashMap to keep an order). */
    public static String stringify(Map<String, ?> object) {
        StringBuilder out = new StringBuilder();
        appendObject(out, object);
        return out.toString();
    }

    /**
     * A double in JavaScript's Number-to-String form (ECMAScript Number::toString): integers
     * without a fraction ({@code 3.0 -> "3"}), plain decimals from 1e-6 up to 1e21, exponent form
     * outside ({@code "1e+21"}, {@code "1e-7"}), and {@code null} for NaN and infinities as
     * JSON.stringify does. Digits come from Java's Double.toString, which matches JavaScript's
     * shortest round-trip digits for every price in the catalog.
     */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        if (value == 0) {
            return "0"; // also -0, which JSON.stringify prints as 0
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        int decimalExponent = decimal.precision() - decimal.scale() - 1; // value = d.ddd x 10^exp
        if (decimalExponent >= -6 && decimalExponent < 21) {
            return decimal.toPlainString();
        }
        return exponentForm(decimal, decimalExponent);
    }

    /** A string literal with JSON.stringify's escapes (QuoteJSONString, ES2019 well-formed). */
    public static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        appendString(out, value);
        return out.toString();
    }

    private static String exponentForm(BigDecimal decimal, int decimalExponent) {
        String digits = decimal.unscaledValue().abs().toString();
        String sign = decimal.signum() < 0 ? "-" : "";
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (decimalExponent > 0 ? "+" : "") + decimalExponent;
    }

    private static void appendObject(StringBuilder out, Map<String, ?> object) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> entry : object.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, entry.getKey());
            out.append(':');
            appendValue(out, entry.getValue());
        }
        out.append('}');
    }

    @SuppressWarnings("unchecked")
    private static void appendValue(StringBuilder out, Object value) {
        if (value instanceof String text) {
            appendString(out, text);
        } else if (value instanceof Number number) {
            out.append(number(number.doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            appendObject(out, (Map<String, ?>) map);
        } else {
            throw new IllegalArgumentException("JsJson cannot write a " + (value == null ? "null" : value.getClass().getName())
                    + "; expected String, Number or Map");
        }
    }

    private static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> appendPlainOrEscaped(out, value, i, c);
            }
        }
        out.append('"');
    }

    private static void appendPlainOrEscaped(StringBuilder out, String value, int index, char c) {
        if (c < 0x20 || isLoneSurrogate(value, index, c)) {
            out.append(String.format("\\u%04x", (int) c));
        } else {
            out.append(c);
        }
    }

    private static boolean isLoneSurrogate(String value, int index, char c) {
        if (Character.isHighSurrogate(c)) {
            return index + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(index + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return index == 0 || !Character.isHighSurrogate(value.charAt(index - 1));
        }
        return false;
    }
}
