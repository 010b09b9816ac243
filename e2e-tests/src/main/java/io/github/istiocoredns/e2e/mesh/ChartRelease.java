package io.github.istiocoredns.e2e.mesh;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Helm release to install.
 *
 * @param chart the chart reference in the added repository, e.g. {@code istio/base}
 * @param valuesFiles values files, later ones over earlier ones ({@code -f}, in order)
 * @param values single values set on top ({@code --set key=value}), in order
 */
public record ChartRelease(String name, String chart, String namespace, String version, List<Path> valuesFiles, Map<String, String> values) {

    public ChartRelease {
        valuesFiles = List.copyOf(valuesFiles);
        values = Map.copyOf(values);
    }

    /** The equivalent helm command, for logs and for people repeating it by hand. */
    public String helmCommand() {
        StringBuilder command = new StringBuilder("helm install " + name + " " + chart + " -n " + namespace + " --create-namespace --version " + version);
        valuesFiles.forEach(file -> command.append(" -f ").append(file));
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> command.append(" --set ").append(e.getKey()).append('=').append(e.getValue()));
        return command.toString();
    }
}
