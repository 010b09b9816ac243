package io.github.istiocoredns.e2e.node;

import io.github.istiocoredns.e2e.manifests.Cidr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What scripts/local-node wrote to node.env after a start: where the kubeconfig is and the node's network.
 *
 * @param podGateway the pods' gateway on the machine: the one address of the machine that pods reach and that the run
 *        itself created (the node's bridge), so the plugin stand-in listens there
 */
public record NodeEnvironment(Path kubeconfig, String nodeName, String nodeIp, Cidr serviceCidr, String clusterDns, String podGateway,
        String kubernetesVersion) {

    public static NodeEnvironment read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the local node's environment " + file, e);
        }
        return new NodeEnvironment(Path.of(required(values, "KUBECONFIG", file)), required(values, "NODE_NAME", file),
                required(values, "NODE_IP", file), Cidr.parse(required(values, "SERVICE_CIDR", file)), required(values, "CLUSTER_DNS", file),
                required(values, "POD_GATEWAY", file), required(values, "KUBERNETES_VERSION", file));
    }

    private static String required(Map<String, String> values, String key, Path file) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(file + " has no " + key + " (written by scripts/local-node up): " + values.keySet());
        }
        return value;
    }
}
