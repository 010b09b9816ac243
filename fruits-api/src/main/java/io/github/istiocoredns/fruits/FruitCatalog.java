package io.github.istiocoredns.fruits;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The seasonal fruits and their prices, exactly as in the original service
 * (Istio-Succinctly/MicroShakeFactory, fruits-api/app/controllers/fruitsController.ts).
 *
 * <p>Insertion order matters: the response body lists the fruits in this order. The maps are
 * immutable, so concurrent requests can share one catalog.
 */
public final class FruitCatalog {

    private final Map<String, Map<String, Double>> fruitsByCountry;

    private FruitCatalog(Map<String, Map<String, Double>> fruitsByCountry) {
        this.fruitsByCountry = fruitsByCountry;
    }

    /** The catalog of fruits-api 1.0.0: countries au, ind, usa. */
    public static FruitCatalog standard() {
        Map<String, Map<String, Double>> countries = new LinkedHashMap<>();
        countries.put("au", fruits("nectarine", 2.5, "mandarin", 2.3, "lemon", 1.1, "kiwi", 2.6));
        countries.put("ind", fruits("mango", 3.0, "banana", 2.3, "lychee", 1.4, "apple", 2.0));
        countries.put("usa", fruits("blueberry", 2.5, "grape", 2.0, "watermelon", 3.2, "orange", 1.3));
        return new FruitCatalog(Collections.unmodifiableMap(countries));
    }

    /**
     * Fruits of a country. The country is matched case-insensitively, as the original lower-cases
     * it (JavaScript toLowerCase is locale-independent, hence Locale.ROOT).
     */
    public Optional<Map<String, Double>> fruitsOf(String country) {
        return Optional.ofNullable(fruitsByCountry.get(country.toLowerCase(Locale.ROOT)));
    }

    /**
     * Price of a fruit in a country; the fruit name is case-sensitive, as in the original.
     * Empty when the country has no such fruit. Callers check the country first (see fruitsOf).
     */
    public OptionalDouble priceOf(String country, String fruit) {
        Double price = fruitsOf(country).map(fruits -> fruits.get(fruit)).orElse(null);
        return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
    }

    private static Map<String, Double> fruits(Object... namesAndPrices) {
        Map<String, Double> fruits = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPrices.length; i += 2) {
            fruits.put((String) namesAndPrices[i], (Double) namesAndPrices[i + 1]);
        }
        return Collections.unmodifiableMap(fruits);
    }
}
