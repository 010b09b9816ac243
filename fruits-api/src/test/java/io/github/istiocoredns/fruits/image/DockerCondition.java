package io.github.istiocoredns.fruits.image;

import java.util.Arrays;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/** Skips or fails a {@link RequiresDocker} test depending on Docker and {@code conformance.require}. */
final class DockerCondition implements ExecutionCondition {
  static final String REQUIRE_PROPERTY = "conformance.require";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String tier =
        AnnotationSupport.findAnnotation(context.getElement(), RequiresDocker.class)
            .map(RequiresDocker::tier)
            .orElse(null);
    if (tier == null || DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.enabled("Docker answers");
    }
    String reason =
        "tier '" + tier + "' skipped: no Docker daemon answers (start Docker, or run .ci/run which"
            + " installs and starts it)";
    if (isDemanded(tier)) {
      throw new ExtensionConfigurationException(
          reason.replace("skipped", "demanded by -D" + REQUIRE_PROPERTY + " but cannot run"));
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  static boolean isDemanded(String tier) {
    String demanded = System.getProperty(REQUIRE_PROPERTY, "");
    return Arrays.stream(demanded.split(",")).map(String::trim).anyMatch(tier::equals);
  }
}
