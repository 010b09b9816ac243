package io.github.istiocoredns.fruits;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original's three routes (fruitsController.ts, specialFruitController.ts): short functions
 * from request to JSON, with the data in {@link FruitCatalog}.
 */
public final class FruitHandlers {

    static final String COUNTRY_NOT_AVAILABLE = "country not available";
    static final String FRUIT_NOT_AVAILABLE = "fruit not available";

    private final FruitCatalog catalog;
    private final String specialBody;

    public FruitHandlers(FruitCatalog catalog, SpecialFruit special) {
        this.catalog = catalog;
        this.specialBody = specialBody(special);
    }

    /** GET /api/fruits/{country} */
    public void fruitsOfCountry(Context ctx) {
        Map<String, Double> fruits = catalog.fruitsOf(ctx.pathParam("country"))
                .orElseThrow(() -> ApiError.notFound(COUNTRY_NOT_AVAILABLE));
        RestifyResponse.sendFromHandler(ctx, 200, JsJson.stringify(fruits));
    }

    /**
     * GET /api/fruits/{country}/{fruit}/price. Deliberate difference: the original looks the fruit
     * up in a plain JavaScript object, so names of Object.prototype members answer 200
     * ("constructor" gives {}, "__proto__" gives {"price":{}}); here they are unknown fruits.
     */
    public void priceOfFruit(Context ctx) {
        String country = ctx.pathParam("country");
        if (catalog.fruitsOf(country).isEmpty()) {
            throw ApiError.notFound(COUNTRY_NOT_AVAILABLE);
        }
        double price = catalog.priceOf(country, ctx.pathParam("fruit"))
                .orElseThrow(() -> ApiError.notFound(FRUIT_NOT_AVAILABLE));
        RestifyResponse.sendFromHandler(ctx, 200, JsJson.stringify(Map.of("price", price)));
    }

    /** GET /api/fruits/special */
    public void specialFruit(Context ctx) {
        RestifyResponse.sendFromHandler(ctx, 200, specialBody);
    }

    private static String specialBody(SpecialFruit special) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ver", special.version());
        body.put("fruit", special.fruit());
        return JsJson.stringify(body);
    }
}
