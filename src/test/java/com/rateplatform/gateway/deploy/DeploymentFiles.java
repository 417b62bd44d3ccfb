package com.rateplatform.gateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The deployment files of the repository, read and parsed: compose, Kubernetes, systemd, CI. */
final class DeploymentFiles {

    static final String COMPOSE = "docker/docker-compose.yml";
    static final String COMPOSE_ENV_EXAMPLE = "docker/.env.example";
    static final String KUBERNETES = "deploy/kubernetes";
    static final String KUBERNETES_SECRETS_EXAMPLE = KUBERNETES + "/secrets.env.example";
    static final String SYSTEMD = "deploy/systemd";
    static final String WORKFLOW = ".github/workflows/ci.yml";
    static final String CI_SCRIPT = ".ci/run";
    static final String APPLICATION_PROPERTIES = "src/main/resources/application.properties";

    private final Path root;

    DeploymentFiles(Path root) {
        this.root = root;
    }

    /** The repository the tests run in (Maven runs them from its root). */
    static DeploymentFiles repository() {
        return new DeploymentFiles(Path.of("").toAbsolutePath());
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ApplicationVariables applicationVariables() throws IOException {
        return ApplicationVariables.read(path(APPLICATION_PROPERTIES));
    }

    Map<String, Object> compose() {
        return YamlTree.document(read(COMPOSE));
    }

    /** Every object of every manifest in deploy/kubernetes (kustomize's own files left out). */
    List<Map<String, Object>> kubernetesObjects() {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String file : files(KUBERNETES, ".yaml")) {
            if (!file.endsWith("/kustomization.yaml") && !file.endsWith("/kustomizeconfig.yaml")) {
                objects.addAll(YamlTree.documents(read(file)));
            }
        }
        return objects;
    }

    Map<String, Object> kustomization() {
        return YamlTree.document(read(KUBERNETES + "/kustomization.yaml"));
    }

    /** The keys (and blank values) of the Secret kustomize generates. */
    Map<String, String> kubernetesSecretKeys() {
        return EnvFile.parse(read(KUBERNETES_SECRETS_EXAMPLE));
    }

    /** The systemd units, by path. */
    Map<String, SystemdUnit> systemdUnits() {
        Map<String, SystemdUnit> units = new TreeMap<>();
        for (String file : files(SYSTEMD, ".service")) {
            units.put(file, SystemdUnit.parse(read(file)));
        }
        return units;
    }

    /** The example environment files beside the units, by file name. */
    Map<String, Map<String, String>> systemdExampleFiles() {
        Map<String, Map<String, String>> examples = new TreeMap<>();
        for (String file : files(SYSTEMD, ".env.example")) {
            examples.put(Path.of(file).getFileName().toString(), EnvFile.parse(read(file)));
        }
        return examples;
    }

    Map<String, Object> workflow() {
        return YamlTree.document(read(WORKFLOW));
    }

    /** The command of README's "Test it" section: the first line of its first code block. */
    String readmeTestCommand() {
        String readme = read("README.md");
        int section = readme.indexOf("## Test it");
        int block = readme.indexOf("```", section);
        int start = readme.indexOf('\n', block) + 1;
        return readme.substring(start, readme.indexOf('\n', start)).strip();
    }

    /** Relative paths of the files under a folder whose names end with the suffix, sorted. */
    List<String> files(String folder, String suffix) {
        try (Stream<Path> paths = Files.walk(path(folder))) {
            return paths.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
