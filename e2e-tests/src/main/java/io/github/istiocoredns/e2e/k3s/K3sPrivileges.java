package io.github.istiocoredns.e2e.k3s;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the k3s container gets the privileges k3s needs. Testcontainers' K3sContainer always asks for
 * {@code --privileged}, which a Docker host whose capability bounding set lacks CAP_SYS_RESOURCE cannot give ("runc create
 * failed: unable to apply caps: operation not permitted"; this project's CI machine is one, FACTS §10). There k3s runs
 * with an emulation: every capability but SYS_RESOURCE, seccomp and AppArmor unconfined, /dev/kmsg, the host's cgroup
 * namespace (and the offline k3s image's entrypoint remounts the read-only cgroup, sysfs and /proc/sys mounts).
 * Each of these was needed on that host (scripts/k3s/README.md). {@value #PROPERTY}: {@code privileged}, {@code emulated},
 * or {@code auto} (the default: privileged where a privileged container starts, else emulated).
 */
public enum K3sPrivileges {
    PRIVILEGED,
    EMULATED;

    public static final String PROPERTY = "k3s.privileges";
    /** No systempaths=unconfined: that is Docker's CLI's, not its API's; the offline image's entrypoint remounts /proc/sys. */
    static final List<String> UNCONFINED = List.of("seccomp=unconfined", "apparmor=unconfined");

    /**
     * @param privilegedRefusal starts a privileged container of the k3s image: empty when it started, else the runtime's
     *        refusal (asked only for auto)
     */
    public static K3sPrivileges decide(String property, Supplier<Optional<String>> privilegedRefusal) {
        String value = property == null ? "" : property.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "privileged", "true" -> PRIVILEGED;
            case "emulated" -> EMULATED;
            case "", "auto" -> privilegedRefusal.get().isPresent() ? EMULATED : PRIVILEGED;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + property + ": expected privileged, emulated or auto");
        };
    }

    /** The emulation of --privileged for a host that cannot give it. */
    static void emulate(HostConfig host) {
        host.withPrivileged(false)
                .withCapAdd(Capability.ALL)
                .withCapDrop(Capability.SYS_RESOURCE)
                .withSecurityOpts(UNCONFINED)
                .withDevices(new Device("rwm", "/dev/kmsg", "/dev/kmsg"))
                .withCgroupnsMode("host");
    }

    /**
     * Whether the Docker host starts a privileged container of this image (its {@code --version} runs and exits): empty
     * when it does, else why not. The container is removed either way.
     */
    public static Optional<String> privilegedRefusal(DockerClient docker, String image) {
        CreateContainerResponse created = docker.createContainerCmd(image).withCmd("--version")
                .withHostConfig(HostConfig.newHostConfig().withPrivileged(true)).exec();
        try {
            docker.startContainerCmd(created.getId()).exec();
            return Optional.empty();
        } catch (RuntimeException refused) {
            return Optional.of(refused.getMessage() == null ? refused.toString() : refused.getMessage().strip());
        } finally {
            docker.removeContainerCmd(created.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
    }
}
