package io.github.istiocoredns.fruits.image;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class only where a Docker daemon answers. Otherwise it is skipped with
 * the reason, unless the run demands the tier ({@code -Dconformance.require=image}), in which case
 * it fails: CI that means to exercise Docker must never look green without it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerCondition.class)
public @interface RequiresDocker {
  /** The tier name that {@code conformance.require} uses to demand this test. */
  String tier();
}
