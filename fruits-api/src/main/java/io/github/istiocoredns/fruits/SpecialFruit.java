package io.github.istiocoredns.fruits;

/**
 * The answer of {@code /api/fruits/special}, which depends on the deployed version.
 *
 * <p>Source: MicroShakeFactory fruits-api/app/config/config.ts ({@code process.env.app_version || "1"})
 * and specialFruitController.ts ({@code version === "1" ? "Mango" : "Orange"}). The JavaScript
 * {@code ||} makes an unset and an empty app_version both mean "1".
 */
public record SpecialFruit(String version, String fruit) {

    public static SpecialFruit forAppVersion(String appVersion) {
        String version = appVersion == null || appVersion.isEmpty() ? "1" : appVersion;
        return new SpecialFruit(version, "1".equals(version) ? "Mango" : "Orange");
    }
}
